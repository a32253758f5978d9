using System.Collections.Frozen;
using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Tracing.Matching.Registry;
using Tracing.Server.Grpc;
using Tracing.V1;

namespace Tracing.Server.Limits;

/// <summary>
/// The front line against request floods: calls that cost an SMS, guess a secret or write for an anonymous caller
/// are counted per phone number, device or network address (<see cref="LimitSettings"/>), and one over its limit is
/// answered RESOURCE_EXHAUSTED — saying when to try again, with <c>retry-after</c> (seconds) and
/// <c>grpc-retry-pushback-ms</c> in the trailers — before the service runs, so a refused call writes nothing. A
/// contact upload's observations are also counted per device, batch by batch as the stream brings them
/// (<see cref="MeteredContactUploads"/>). The
/// engine's own rules (an OTP's five tries and resend minute, five wrong verification codes an hour, one feedback
/// per venue a day) stay behind it as the durable ones.
/// </summary>
/// <remarks>
/// A gRPC interceptor rather than the ASP.NET Core rate-limiting middleware: the keys are a phone number inside the
/// request message and the device that <see cref="ErrorsAndCallers"/> resolved from the bearer token, which exist
/// only once gRPC has read the message and the caller; HTTP middleware sees neither. It runs after
/// <see cref="ErrorsAndCallers"/>, and leaves a call it has no key for (a malformed phone, a caller without a token)
/// to the service, which refuses it for what it is.
/// </remarks>
internal sealed class AbuseLimits : Interceptor, IDisposable
{
    private readonly FrozenDictionary<string, Limit[]> _byMethod;
    private readonly List<ClockWindowRateLimiter> _limiters = [];
    private readonly Limit? _observations;

    /// <summary>Creates the limiters of the configured limits; none at all when limits are off.</summary>
    public AbuseLimits(TracingSettings settings, TimeProvider time)
    {
        var limits = settings.Limits;
        var byMethod = new Dictionary<string, Limit[]>(StringComparer.Ordinal);
        if (limits.Enabled)
        {
            Add(byMethod, AuthService.Descriptor, "RequestOtp", time, (limits.OtpRequestsPerAddress, "one-time passwords requested from your network address", "yêu cầu gửi mã OTP từ mạng của bạn", Address), (limits.OtpRequestsPerPhone, "one-time passwords requested for this phone", "yêu cầu gửi mã OTP cho số điện thoại này", Phone));
            Add(byMethod, AuthService.Descriptor, "VerifyOtp", time, (limits.OtpChecksPerPhone, "one-time password checks for this phone", "lần nhập mã OTP cho số điện thoại này", Phone));
            Add(byMethod, VenueService.Descriptor, "RequestVenueAccess", time, (limits.VenueAccessRequestsPerAddress, "venue access requests (approval codes sent by SMS) from your network address", "lần xin quyền quản lý địa điểm từ mạng của bạn", Address));
            Add(byMethod, AuthService.Descriptor, "RegisterDevice", time, (limits.DeviceRegistrationsPerAddress, "devices registered from your network address", "thiết bị đăng ký từ mạng của bạn", Address));
            Add(byMethod, ContactService.Descriptor, "UploadContacts", time, (limits.ContactUploadsPerDevice, "contact uploads from this device", "lần gửi dữ liệu tiếp xúc từ thiết bị này", Device));
            Add(byMethod, CaseService.Descriptor, "UploadDiagnosisKeys", time, (limits.KeyUploadsPerDevice, "key uploads from this device", "lần gửi khoá phơi nhiễm từ thiết bị này", Device));
            Add(byMethod, CaseService.Descriptor, "ReportCase", time, (limits.CasesPerKey, "cases reported with this key", "ca bệnh được báo cáo bằng khoá truy cập này", HealthDepartment));
            Add(byMethod, SafetyService.Descriptor, "SubmitFeedback", time, (limits.FeedbackPerPerson, "feedback sent from this device", "phản ánh gửi từ thiết bị này", Device));
            _observations = Create("UploadContacts.observations", limits.ObservationsPerDevice, "contact observations uploaded from this device", "lượt tiếp xúc gửi từ thiết bị này", Device, time);
        }
        _byMethod = byMethod.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(request, context);
        return continuation(request, context);
    }

    /// <inheritdoc />
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(null, context);
        if (_observations is { } volume && requestStream is IAsyncStreamReader<UploadContactsRequest> uploads && Device(null, context) is { } device)
            requestStream = (IAsyncStreamReader<TRequest>)(object)new MeteredContactUploads(uploads, count => Charge(volume, device, count));
        return continuation(requestStream, context);
    }

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(request, context);
        return continuation(request, responseStream, context);
    }

    /// <inheritdoc />
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(null, context);
        return continuation(requestStream, responseStream, context);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var limiter in _limiters)
            limiter.Dispose();
    }

    private void Check(object? request, ServerCallContext context)
    {
        if (!_byMethod.TryGetValue(context.BoundMethod(), out var limits))
            return;
        foreach (var limit in limits)
        {
            if (limit.KeyOf(request, context) is not { } key)
                continue;
            using var lease = limit.Limiter.AttemptAcquire(key);
            if (!lease.IsAcquired)
                throw Refusal(limit, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limit.Window);
        }
    }

    /// <summary>Takes <paramref name="count"/> permits of <paramref name="key"/>; the refusal when they are not there.</summary>
    private static RpcException? Charge(Limit limit, string key, int count)
    {
        if (count == 0)
            return null;
        if (count > limit.PermitLimit)
            return Refusal(limit, limit.Window);
        using var lease = limit.Limiter.AttemptAcquire(key, count);
        return lease.IsAcquired ? null : Refusal(limit, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limit.Window);
    }

    private static RpcException Refusal(Limit limit, TimeSpan wait)
    {
        Telemetry.ServerMetrics.Refused(limit.Name);
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        var trailers = new Metadata
        {
            { "retry-after", seconds.ToString(CultureInfo.InvariantCulture) },
            { "grpc-retry-pushback-ms", ((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) },
        };
        var message = $"Too many {limit.What}: at most {limit.PermitLimit} {Per(limit.Window)}. Try again in {Duration(TimeSpan.FromSeconds(seconds))} (retry-after: {seconds} s).";
        var vietnamese = $"Có quá nhiều {limit.WhatVi}: tối đa {limit.PermitLimit} {PerVi(limit.Window)}. Bạn hãy thử lại sau {Duration(TimeSpan.FromSeconds(seconds), vietnamese: true)}.";
        return ErrorsAndCallers.Refused(StatusCode.ResourceExhausted, message, vietnamese, trailers);
    }

    private void Add(Dictionary<string, Limit[]> byMethod, Google.Protobuf.Reflection.ServiceDescriptor service, string method, TimeProvider time, params (WindowLimit Setting, string What, string WhatVi, Func<object?, ServerCallContext, string?> KeyOf)[] limits)
    {
        var active = new List<Limit>();
        foreach (var (setting, what, whatVi, keyOf) in limits)
        {
            if (Create(method, setting, what, whatVi, keyOf, time) is { } limit)
                active.Add(limit);
        }
        var path = $"/{service.FullName}/{service.FindMethodByName(method)?.Name ?? throw new ArgumentException($"{service.FullName} has no method {method}.", nameof(method))}";
        if (active.Count > 0)
            byMethod[path] = [.. active];
    }

    /// <summary>The limit of a setting on what <paramref name="counted"/> names; null for a limit of 0 (off).</summary>
    private Limit? Create(string counted, WindowLimit setting, string what, string whatVi, Func<object?, ServerCallContext, string?> keyOf, TimeProvider time)
    {
        if (setting.PermitLimit <= 0)
            return null;
        var limiter = new ClockWindowRateLimiter(setting.PermitLimit, setting.Window, time);
        _limiters.Add(limiter);
        // Named for metrics by what it counts and per what key, e.g. "RequestOtp/phone".
        return new Limit($"{counted}/{keyOf.Method.Name.ToLowerInvariant()}", limiter, setting.PermitLimit, setting.Window, what, whatVi, keyOf);
    }

    private static string? Address(object? request, ServerCallContext context) => ClientAddress.Of(context);

    private static string? Phone(object? request, ServerCallContext context) => request switch
    {
        RequestOtpRequest r => PhoneNumber.Normalize(r.Phone),
        VerifyOtpRequest r => PhoneNumber.Normalize(r.Phone),
        _ => null,
    };

    private static string? Device(object? request, ServerCallContext context) => context.Caller().Person?.UserId;

    /// <summary>The holder of a health department's key (its configured name and province); null for other callers.</summary>
    private static string? HealthDepartment(object? request, ServerCallContext context)
        => context.Caller() is { Kind: Security.CallerKind.HealthDepartment } caller ? $"{caller.Province}/{caller.Name}" : null;

    private static string PerVi(TimeSpan window) => window == TimeSpan.FromDays(1) ? "mỗi ngày" : window == TimeSpan.FromHours(1) ? "mỗi giờ" : $"trong {Duration(window, vietnamese: true)}";

    private static string Per(TimeSpan window) => window == TimeSpan.FromDays(1) ? "a day" : window == TimeSpan.FromHours(1) ? "an hour" : $"per {Duration(window)}";

    /// <summary>A span in its two largest units, e.g. "57 min 57 s", "23 h 59 min", "10 min" (Vietnamese: "57 phút 57 giây").</summary>
    private static string Duration(TimeSpan span, bool vietnamese = false)
    {
        (long Amount, string Unit)[] parts = vietnamese
            ? [((long)span.TotalDays, "ngày"), (span.Hours, "giờ"), (span.Minutes, "phút"), (span.Seconds, "giây")]
            : [((long)span.TotalDays, "d"), (span.Hours, "h"), (span.Minutes, "min"), (span.Seconds, "s")];
        var first = Array.FindIndex(parts, p => p.Amount > 0);
        if (first < 0)
            return vietnamese ? "1 giây" : "1 s";
        var shown = parts.Skip(first).Take(2).Where(p => p.Amount > 0).Select(p => $"{p.Amount} {p.Unit}");
        return string.Join(' ', shown);
    }

    /// <summary>One limit on a method: its name in metrics, its limiter, for the message its numbers and what it counts (English, Vietnamese), and its key.</summary>
    private sealed record Limit(string Name, ClockWindowRateLimiter Limiter, int PermitLimit, TimeSpan Window, string What, string WhatVi, Func<object?, ServerCallContext, string?> KeyOf);
}
