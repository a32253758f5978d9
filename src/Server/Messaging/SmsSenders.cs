namespace Tracing.Server.Messaging;

/// <summary>
/// Which <see cref="ISmsSender"/> the server uses, and the rule that the development outbox (one-time codes and
/// phone numbers in a plain file) never serves outside the Development environment.
/// </summary>
public static class SmsSenders
{
    /// <summary>The development outbox file, <c>&lt;data-dir&gt;/outbox/sms.jsonl</c>.</summary>
    public const string Outbox = "Outbox";

    /// <summary>A JSON POST to the operator's gateway (<see cref="HttpSmsSender"/>).</summary>
    public const string Http = "Http";

    /// <summary>
    /// Registers the sender <c>Tracing:Sms:Sender</c> names. It is made when first needed (the server resolves it at
    /// start, <see cref="TracingServer.OpenStore"/>), and refuses with what to set when the setting does not fit the
    /// environment. A host that registers its own <see cref="ISmsSender"/> after this replaces it.
    /// </summary>
    public static IServiceCollection AddSmsSender(this IServiceCollection services, SmsSettings settings, string dataDir, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        services.AddSingleton<ISmsSender>(sp => Create(settings, dataDir, environment, sp));
        return services;
    }

    private static ISmsSender Create(SmsSettings settings, string dataDir, IHostEnvironment environment, IServiceProvider services)
    {
        if (string.Equals(settings.Sender, Http, StringComparison.OrdinalIgnoreCase))
            return new HttpSmsSender(settings.Http, services.GetRequiredService<ILogger<HttpSmsSender>>());
        if (!string.Equals(settings.Sender, Outbox, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Tracing:Sms:Sender is '{settings.Sender}'; it must be {Http} (your SMS gateway) or, in Development only, {Outbox}.");
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"No SMS sender is configured for the {environment.EnvironmentName} environment. The development outbox (Tracing:Sms:Sender=Outbox, the default) "
                + "writes one-time codes and phone numbers to <data-dir>/outbox/sms.jsonl and is allowed only when ASPNETCORE_ENVIRONMENT=Development. "
                + "Set Tracing:Sms:Sender=Http and Tracing:Sms:Http:Url to your SMS gateway (it receives a JSON POST {\"to\", \"text\"} per message; "
                + "Tracing:Sms:Http:Authorization is sent as the Authorization header), or register your own ISmsSender in the host: "
                + "TracingServer.Build(args, builder => builder.Services.AddSingleton<ISmsSender, YourGateway>()).");
        }
        return new OutboxSmsSender(dataDir, services.GetRequiredService<ILogger<OutboxSmsSender>>(), services.GetRequiredService<TimeProvider>());
    }
}
