using Google.Protobuf.Reflection;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Tests.Fuzz;

/// <summary>Who calls an RPC in the fuzz run: the credential its callers normally hold.</summary>
internal enum RpcCaller
{
    Anonymous,
    Citizen,
    HealthDepartment,
    Partner,
}

/// <summary>One RPC of the tracing.v1 contract, as its generated descriptors describe it.</summary>
internal sealed record Rpc(ServiceDescriptor Service, MethodDescriptor Method)
{
    /// <summary>The HTTP/2 path, <c>/tracing.v1.Service/Method</c>.</summary>
    public string Path => $"/{Service.FullName}/{Method.Name}";

    public MethodType Type => (Method.IsClientStreaming, Method.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (true, false) => MethodType.ClientStreaming,
        (false, true) => MethodType.ServerStreaming,
        _ => MethodType.DuplexStreaming,
    };

    /// <summary>A stream that stays open for news until the caller leaves (WatchNotifications): ending by deadline is normal.</summary>
    public bool Endless => Method.IsServerStreaming && Method.Name.StartsWith("Watch", StringComparison.Ordinal);

    /// <summary>The credential its callers hold: health departments report and read cases and coverage, partners read feeds.</summary>
    public RpcCaller Caller => (Service.Name, Method.Name) switch
    {
        ("AuthService", _) => RpcCaller.Anonymous,
        ("CaseService", "ReportCase" or "GetTracingReport") or ("ReportService", _) => RpcCaller.HealthDepartment,
        ("ExposureService", "FetchNotifications" or "WatchNotifications") => RpcCaller.Partner,
        _ => RpcCaller.Citizen,
    };

    public override string ToString() => Path;

    /// <summary>Every RPC of every tracing.v1 file (<c>Tracing.V1.*Reflection.Descriptor.Services</c>), so a new one is included by itself.</summary>
    public static IReadOnlyList<Rpc> All()
        => typeof(ScanRequest).Assembly.GetTypes()
            .Where(t => t.Namespace == "Tracing.V1" && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!)
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods.Select(method => new Rpc(service, method)))
            .OrderBy(rpc => rpc.Path, StringComparer.Ordinal)
            .ToList();
}
