namespace Tracing.Server.Messaging;

/// <summary>The <c>Tracing:Sms:Http</c> configuration section: an SMS gateway reached by a JSON POST.</summary>
public sealed class HttpSmsSettings
{
    /// <summary>The gateway's address (https), which receives <c>{"to": "0912345678", "text": "…"}</c> for each message (the phone in its national form).</summary>
    public string Url { get; set; } = "";

    /// <summary>The <c>Authorization</c> header value the gateway expects (e.g. <c>Bearer …</c>); empty sends none.</summary>
    public string Authorization { get; set; } = "";

    /// <summary>Seconds to wait for the gateway before the code request is answered UNAVAILABLE.</summary>
    public double TimeoutSeconds { get; set; } = 10;
}
