namespace Tracing.Server.Messaging;

/// <summary>Sends text messages; the default writes them to the development outbox.</summary>
public interface ISmsSender
{
    /// <summary>Sends <paramref name="text"/> to <paramref name="phone"/>; <paramref name="code"/> is the one-time code it carries.</summary>
    Task SendAsync(string phone, string text, string code, CancellationToken cancellationToken);
}
