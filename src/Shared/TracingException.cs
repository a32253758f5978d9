namespace Tracing.Matching;

/// <summary>What kind of refusal a <see cref="TracingException"/> is; the server maps it to a gRPC status.</summary>
public enum TracingError
{
    /// <summary>The request is malformed or a value is out of range.</summary>
    InvalidArgument,

    /// <summary>Something named does not exist.</summary>
    NotFound,

    /// <summary>Something to create exists already.</summary>
    AlreadyExists,

    /// <summary>The caller may not do this.</summary>
    PermissionDenied,

    /// <summary>The system is not in a state that allows this (expired, used, ...).</summary>
    FailedPrecondition,

    /// <summary>Too many attempts; try later.</summary>
    ResourceExhausted,

    /// <summary>No valid credentials were presented.</summary>
    Unauthenticated,

    /// <summary>A part of the system cannot be reached for now (a cluster's partition moving after a failure); try again.</summary>
    Unavailable,
}

/// <summary>
/// A refusal with a message a person can act on: <see cref="Exception.Message"/> in English for developers (it may
/// name contract fields), <see cref="Vietnamese"/> for the people who use the portal and the CLI (it names what they
/// see — "Quận/Huyện", not <c>district_code</c>). The server sends both: the English as the status message, the
/// Vietnamese as a <c>google.rpc.LocalizedMessage</c> (vi-VN), and <see cref="Fields"/> as a <c>google.rpc.BadRequest</c>.
/// </summary>
public sealed class TracingException : Exception
{
    /// <summary>A refusal with its English and Vietnamese sentences.</summary>
    public TracingException(TracingError error, string message, string vietnamese)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vietnamese);
        Error = error;
        Vietnamese = vietnamese;
    }

    /// <summary>An invalid-argument refusal listing every invalid field at once (the first field's sentences lead).</summary>
    public TracingException(IReadOnlyList<FieldRefusal> fields)
        : this(TracingError.InvalidArgument, Summary(fields, f => f.Message), Summary(fields, f => f.Vietnamese))
    {
        Fields = fields;
    }

    /// <summary>The kind of refusal.</summary>
    public TracingError Error { get; }

    /// <summary>The refusal in Vietnamese, as a person reads it.</summary>
    public string Vietnamese { get; }

    /// <summary>For an invalid request: each invalid field with its own sentences, so a form can show each beside its field.</summary>
    public IReadOnlyList<FieldRefusal> Fields { get; init; } = [];

    /// <summary>For a refusal because the server is busy: when to try again (sent as gRPC's retry pushback).</summary>
    public TimeSpan? RetryAfter { get; init; }

    private static string Summary(IReadOnlyList<FieldRefusal> fields, Func<FieldRefusal, string> sentence)
        => fields.Count == 0 ? throw new ArgumentException("A refusal by fields needs at least one field.", nameof(fields)) : string.Join(" ", fields.Select(sentence));
}

/// <summary>One invalid field of a request: the contract's field name (e.g. <c>district_code</c>) and what is wrong, in English and Vietnamese.</summary>
public sealed record FieldRefusal(string Field, string Message, string Vietnamese);
