using Tracing.V1;

namespace Tracing.Clients;

public sealed partial class TracingClient
{
    /// <summary>How long <see cref="SignInWithOtpAsync"/> waits for the code to appear in the outbox.</summary>
    public static readonly TimeSpan DefaultOtpWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Signs a phone in as the development server allows: RequestOtp, the code read from the SMS outbox, VerifyOtp.
    /// Use <see cref="WithAccessToken"/> with the returned token to act as that person.
    /// </summary>
    /// <param name="phone">The phone number to sign in.</param>
    /// <param name="outbox">The server's development SMS outbox.</param>
    /// <param name="cancellationToken">Cancels the calls and the wait.</param>
    /// <exception cref="Grpc.Core.RpcException">The server refused a call.</exception>
    /// <exception cref="TimeoutException">No code for the phone appeared in the outbox within <see cref="DefaultOtpWait"/>.</exception>
    public async Task<VerifyOtpResponse> SignInWithOtpAsync(string phone, SmsOutbox outbox, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phone);
        ArgumentNullException.ThrowIfNull(outbox);

        // Only a message written after this request counts: an older code for the same phone is spent.
        long mark = outbox.GetPosition();
        await Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone }, cancellationToken: cancellationToken).ConfigureAwait(false);
        string code = await outbox.WaitForCodeAsync(phone, mark, DefaultOtpWait, cancellationToken).ConfigureAwait(false);
        return await Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = code }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
