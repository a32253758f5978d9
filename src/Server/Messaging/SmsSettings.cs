namespace Tracing.Server.Messaging;

/// <summary>The <c>Tracing:Sms</c> configuration section: which sender carries the one-time codes.</summary>
public sealed class SmsSettings
{
    /// <summary>
    /// <c>Outbox</c> (the default): the development outbox file, allowed only in the Development environment.
    /// <c>Http</c>: a JSON POST to <see cref="HttpSmsSettings.Url"/>, the operator's SMS gateway. A host may instead
    /// register its own <see cref="ISmsSender"/>, which takes precedence over this setting.
    /// </summary>
    public string Sender { get; set; } = SmsSenders.Outbox;

    /// <summary>The gateway of the <c>Http</c> sender.</summary>
    public HttpSmsSettings Http { get; set; } = new();
}
