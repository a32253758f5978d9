using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Registry;
using Tracing.Server.Messaging;
using Tracing.Server.Security;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>AuthService: phone sign-in by one-time password, anonymous device registration, signing out everywhere.</summary>
public sealed class AuthGrpcService(TracingEngine engine, AccessTokens tokens, ISmsSender sms) : AuthService.AuthServiceBase
{
    /// <inheritdoc />
    public override async Task<RequestOtpResponse> RequestOtp(RequestOtpRequest request, ServerCallContext context)
    {
        var phone = PhoneNumber.Require(request.Phone, "phone");
        var otp = engine.PhoneVerification.Issue(phone);
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        var text = $"Ma xac thuc Tracing cua ban la {otp.Code}. Ma co hieu luc trong {PhoneVerification.Lifetime.TotalMinutes:0} phut. Khong chia se ma nay.";
        await sms.SendAsync(phone, text, otp.Code, context.CancellationToken).ConfigureAwait(false);
        return new RequestOtpResponse { ExpiresAt = otp.ExpiresAt.ToTimestamp(), ResendAfter = otp.ResendAfter.ToTimestamp() };
    }

    /// <inheritdoc />
    public override async Task<VerifyOtpResponse> VerifyOtp(VerifyOtpRequest request, ServerCallContext context)
    {
        var phone = PhoneNumber.Require(request.Phone, "phone");
        if (string.IsNullOrWhiteSpace(request.Code))
            throw new TracingException(TracingError.InvalidArgument, "code is required: the 6 digits sent by SMS.", "Bạn hãy nhập Mã OTP gồm 6 chữ số được gửi qua tin nhắn SMS.");
        engine.PhoneVerification.Verify(phone, request.Code.Trim());
        var person = engine.People.ForPhone(phone, verified: true);
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        var (token, expires) = tokens.Issue(person.UserId, engine.SignIns.GenerationOf(person.UserId));
        return new VerifyOtpResponse { AccessToken = token, UserId = person.UserId, ExpiresAt = expires.ToTimestamp() };
    }

    /// <inheritdoc />
    public override async Task<RegisterDeviceResponse> RegisterDevice(RegisterDeviceRequest request, ServerCallContext context)
    {
        var person = engine.People.RegisterDevice();
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        var (token, expires) = tokens.Issue(person.UserId);
        return new RegisterDeviceResponse { AccessToken = token, UserId = person.UserId, ExpiresAt = expires.ToTimestamp() };
    }

    /// <inheritdoc />
    public override async Task<SignOutEverywhereResponse> SignOutEverywhere(SignOutEverywhereRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        engine.SignIns.SignOutEverywhere(person.UserId);
        // Durable before the answer: a person told "signed out" must not find a lost phone signed in after a restart.
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        return new SignOutEverywhereResponse();
    }
}
