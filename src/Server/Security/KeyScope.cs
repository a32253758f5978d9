using System.Collections.Frozen;
using Tracing.Matching;
using Tracing.V1;

namespace Tracing.Server.Security;

/// <summary>
/// What a partner's or an operator's key opens, and who may call the operators' service: "a partner can read
/// notifications of its province and nothing else" (the contract's roles); an operator's key opens the AdminService
/// (backups of everyone's data) and nothing else, and no other caller opens the AdminService. Each key's holder so acts
/// in one role only.
/// </summary>
internal static class KeyScope
{
    private const string ContractPrefix = "/tracing.v1.";

    private static readonly string s_admin = $"/{AdminService.Descriptor.FullName}/";

    private static readonly FrozenSet<string> s_partner = new[]
    {
        $"/{ExposureService.Descriptor.FullName}/{nameof(ExposureService.ExposureServiceBase.FetchNotifications)}",
        $"/{ExposureService.Descriptor.FullName}/{nameof(ExposureService.ExposureServiceBase.WatchNotifications)}",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Refuses <paramref name="method"/> to a caller whose key does not open it: the canonical path
    /// (<c>/package.Service/Method</c>) of the method the call is bound to, never the path the client sent, which
    /// routing matches ignoring case.
    /// </summary>
    public static void Check(Caller caller, string method)
    {
        if (!method.StartsWith(ContractPrefix, StringComparison.Ordinal))
            return;
        var admin = method.StartsWith(s_admin, StringComparison.Ordinal);
        if (caller.Kind == CallerKind.Partner && !s_partner.Contains(method))
        {
            throw new TracingException(
                TracingError.PermissionDenied,
                $"A partner key opens exposure notifications only (FetchNotifications, WatchNotifications), not {method[(method.LastIndexOf('/') + 1)..]}: that call is for people's apps (bearer token), health departments, or the public without a key.",
                "Khoá truy cập của đối tác chỉ dùng để nhận thông báo phơi nhiễm; chức năng này dành cho người dùng ứng dụng, cơ quan y tế hoặc mọi người không cần khoá.");
        }
        if (caller.Kind == CallerKind.Operator && !admin)
        {
            throw new TracingException(
                TracingError.PermissionDenied,
                $"An operator key opens the AdminService only (backups), not {method[(method.LastIndexOf('/') + 1)..]}.",
                "Khoá truy cập của người vận hành chỉ dùng cho việc sao lưu dữ liệu, không dùng cho chức năng này.");
        }
        if (admin && caller.Kind == CallerKind.Anonymous)
            throw new TracingException(TracingError.Unauthenticated, "Send an operator's API key (role Operator) as `x-api-key`.", "Bạn hãy gửi khoá truy cập của người vận hành hệ thống.");
        if (admin && caller.Kind != CallerKind.Operator)
            throw new TracingException(TracingError.PermissionDenied, "Backups hold everyone's data: only an operator's API key (role Operator) may take one.", "Bản sao lưu chứa dữ liệu của mọi người: chỉ người vận hành hệ thống mới được tạo.");
    }
}
