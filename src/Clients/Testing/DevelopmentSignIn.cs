using Tracing.V1;

namespace Tracing.Clients;

/// <summary>Signing a phone in against a development server, whose one-time codes land in its SMS outbox.</summary>
public static class DevelopmentSignIn
{
    /// <summary>How long <see cref="SignInWithOtpAsync"/> waits for the code to appear in the outbox.</summary>
    public static readonly TimeSpan DefaultOtpWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Signs a phone in as the development server allows: RequestOtp, the code read from the SMS outbox, VerifyOtp.
    /// Use <see cref="TracingClient.WithAccessToken"/> with the returned token to act as that person.
    /// </summary>
    /// <param name="client">A client of the development server (no credentials needed).</param>
    /// <param name="phone">The phone number to sign in.</param>
    /// <param name="outbox">The server's development SMS outbox.</param>
    /// <param name="cancellationToken">Cancels the calls and the wait.</param>
    /// <exception cref="Grpc.Core.RpcException">The server refused a call.</exception>
    /// <exception cref="TimeoutException">No code for the phone appeared in the outbox within <see cref="DefaultOtpWait"/>.</exception>
    public static async Task<VerifyOtpResponse> SignInWithOtpAsync(this TracingClient client, string phone, SmsOutbox outbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(phone);
        ArgumentNullException.ThrowIfNull(outbox);

        // Only a message written after this request counts: an older code for the same phone is spent.
        long mark = outbox.GetPosition();
        await client.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone }, cancellationToken: cancellationToken).ConfigureAwait(false);
        string code = await outbox.WaitForCodeAsync(phone, mark, DefaultOtpWait, cancellationToken).ConfigureAwait(false);
        return await client.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = code }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
