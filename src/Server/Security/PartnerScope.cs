using System.Collections.Frozen;
using Tracing.Matching;
using Tracing.V1;

namespace Tracing.Server.Security;

/// <summary>
/// What a partner system's key opens: "a partner can read notifications of its province and nothing else" (the
/// contract's roles). Every other call of the contract is refused to a partner key, even one the public may make,
/// so that the key's holder acts in one role only.
/// </summary>
internal static class PartnerScope
{
    private const string ContractPrefix = "/tracing.v1.";

    private static readonly FrozenSet<string> s_open = new[]
    {
        $"/{ExposureService.Descriptor.FullName}/{nameof(ExposureService.ExposureServiceBase.FetchNotifications)}",
        $"/{ExposureService.Descriptor.FullName}/{nameof(ExposureService.ExposureServiceBase.WatchNotifications)}",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Refuses <paramref name="method"/> to a partner's key: the canonical path (<c>/package.Service/Method</c>) of the
    /// method the call is bound to, never the path the client sent, which routing matches ignoring case.
    /// </summary>
    public static void Check(Caller caller, string method)
    {
        if (caller.Kind == CallerKind.Partner && method.StartsWith(ContractPrefix, StringComparison.Ordinal) && !s_open.Contains(method))
        {
            throw new TracingException(
                TracingError.PermissionDenied,
                $"A partner key opens exposure notifications only (FetchNotifications, WatchNotifications), not {method[(method.LastIndexOf('/') + 1)..]}: that call is for people's apps (bearer token), health departments, or the public without a key.",
                "Khoá truy cập của đối tác chỉ dùng để nhận thông báo phơi nhiễm; chức năng này dành cho người dùng ứng dụng, cơ quan y tế hoặc mọi người không cần khoá.");
        }
    }
}
