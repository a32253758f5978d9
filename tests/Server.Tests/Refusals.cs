using Grpc.Core;

namespace Tracing.Server.Tests;

/// <summary>Asserts that a call is refused with the expected gRPC status and a message a person can act on (in English, and in Vietnamese in its status details).</summary>
internal static class Refusals
{
    /// <summary>
    /// Runs <paramref name="call"/> and asserts it fails with <paramref name="expected"/>, a non-empty message, and
    /// that the message mentions every one of <paramref name="mentions"/> (case-insensitive); its Vietnamese sentence must
    /// be there too, without contract names or English (<see cref="VietnameseRefusals.Check"/>).
    /// </summary>
    public static async Task<RpcException> AssertAsync(StatusCode expected, Func<Task> call, params string[] mentions)
    {
        var refusal = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(refusal.StatusCode == expected, $"Expected {expected}, got {refusal.StatusCode}: \"{refusal.Status.Detail}\"");
        Assert.False(string.IsNullOrWhiteSpace(refusal.Status.Detail), $"{expected} came with an empty message; the caller cannot tell what to do.");
        foreach (var mention in mentions)
            Assert.Contains(mention, refusal.Status.Detail, StringComparison.OrdinalIgnoreCase);
        VietnameseRefusals.Check(refusal);
        return refusal;
    }
}
