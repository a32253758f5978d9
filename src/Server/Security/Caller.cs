using Tracing.Matching;
using Tracing.Matching.Registry;

namespace Tracing.Server.Security;

/// <summary>Who is calling.</summary>
public enum CallerKind
{
    /// <summary>No credentials.</summary>
    Anonymous,

    /// <summary>A person with a bearer token (citizen, venue manager).</summary>
    Person,

    /// <summary>A health department with an API key.</summary>
    HealthDepartment,

    /// <summary>A partner system with an API key.</summary>
    Partner,

    /// <summary>The people who run the service, with an API key: backups.</summary>
    Operator,
}

/// <summary>The authenticated caller of one request, with the checks services make.</summary>
public sealed record Caller(CallerKind Kind, Person? Person, string Name, string Province)
{
    /// <summary>An unauthenticated caller.</summary>
    public static readonly Caller Anonymous = new(CallerKind.Anonymous, null, "", "");

    /// <summary>The person calling; refuses others.</summary>
    public Person RequirePerson()
        => Person ?? throw (Kind == CallerKind.Anonymous
            ? new TracingException(TracingError.Unauthenticated, "Sign in first: send `authorization: Bearer <access_token>` from VerifyOtp or RegisterDevice.", "Bạn hãy đăng nhập trước.")
            : new TracingException(TracingError.PermissionDenied, "This call is for people's apps (bearer token), not for API keys.", "Chức năng này dành cho người dùng ứng dụng đã đăng nhập, không dành cho khoá truy cập của tổ chức."));

    /// <summary>The person calling, who must have verified a phone by OTP.</summary>
    public Person RequireVerifiedPhone()
    {
        var person = RequirePerson();
        return person.PhoneVerified
            ? person
            : throw new TracingException(TracingError.PermissionDenied, "Sign in with your phone number (RequestOtp, VerifyOtp) to manage venues; anonymous devices cannot.", "Bạn hãy đăng nhập bằng số điện thoại (nhận Mã OTP) để quản lý địa điểm; thiết bị chưa đăng nhập không làm được việc này.");
    }

    /// <summary>Refuses callers other than health departments.</summary>
    public void RequireHealthDepartment()
    {
        if (Kind == CallerKind.Anonymous)
            throw new TracingException(TracingError.Unauthenticated, "Send the health department's API key as `x-api-key`.", "Bạn hãy gửi khoá truy cập của cơ quan y tế.");
        if (Kind != CallerKind.HealthDepartment)
            throw new TracingException(TracingError.PermissionDenied, "Only a health department (x-api-key with the HealthDepartment role) may do this.", "Chỉ cơ quan y tế mới được làm việc này.");
    }

    /// <summary>Whether this caller may act in <paramref name="province"/> (national keys may act everywhere).</summary>
    public bool CoversProvince(string province) => Province.Length == 0 || Province == province;
}
