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
}

/// <summary>A refusal with a message a person can act on.</summary>
public sealed class TracingException(TracingError error, string message) : Exception(message)
{
    /// <summary>The kind of refusal.</summary>
    public TracingError Error { get; } = error;

    /// <summary>For a refusal because the server is busy: when to try again (sent as gRPC's retry pushback).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
