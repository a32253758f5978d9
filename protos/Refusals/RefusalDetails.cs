using Google.Rpc;
using Grpc.Core;

namespace Tracing.V1;

/// <summary>
/// What a refusal says to a person: the server puts a <c>google.rpc.LocalizedMessage</c> (vi-VN) in every refusal's
/// status details, and a <c>google.rpc.BadRequest</c> naming each invalid field. Clients (the portal, the CLI, partner
/// programs) read them here rather than parsing English messages.
/// </summary>
public static class RefusalDetails
{
    /// <summary>The refusal's Vietnamese sentence, or null when the server sent none.</summary>
    public static string? Vietnamese(this RpcException refusal)
        => refusal.GetRpcStatus()?.GetDetail<LocalizedMessage>() is { Locale: "vi-VN" } localized ? localized.Message : null;

    /// <summary>The refusal as a person reads it: Vietnamese where the server sent it (the default), else the English message.</summary>
    public static string Readable(this RpcException refusal, bool english = false)
        => english ? refusal.Status.Detail : refusal.Vietnamese() ?? refusal.Status.Detail;

    /// <summary>Each invalid field the server named (contract field name, English, Vietnamese); empty when none.</summary>
    public static IReadOnlyList<InvalidField> InvalidFields(this RpcException refusal)
        => refusal.GetRpcStatus()?.GetDetail<BadRequest>() is { } invalid
            ? [.. invalid.FieldViolations.Select(v => new InvalidField(v.Field, v.Description, v.LocalizedMessage?.Message is { Length: > 0 } vi ? vi : v.Description))]
            : [];
}

/// <summary>One invalid field of a refused request: its contract name (e.g. <c>district_code</c>) and what is wrong.</summary>
public sealed record InvalidField(string Field, string English, string Vietnamese);
