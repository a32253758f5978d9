using System.Globalization;

namespace Tracing.Server;

/// <summary>
/// Checks every number and address of the <c>Tracing</c> section before anything starts, and refuses the start with one
/// line per wrong setting saying what to set, rather than failing later on the first call that needs it. (API keys, the
/// SMS sender and the telemetry addresses are checked where they are built, the same way.)
/// </summary>
internal static class SettingsCheck
{
    /// <summary>Throws <see cref="InvalidOperationException"/> listing every setting out of its range.</summary>
    public static void Validate(TracingSettings settings)
    {
        var wrong = new List<string>();
        void Require(bool holds, string setting, object? value, string expected)
        {
            if (!holds)
                wrong.Add($"Tracing:{setting} is '{Convert.ToString(value, CultureInfo.InvariantCulture)}': {expected}.");
        }

        Require(!string.IsNullOrWhiteSpace(settings.DataDir), "DataDir", settings.DataDir, "set it to the folder the store lives in");
        Require(Uri.TryCreate(settings.PublicBaseUrl, UriKind.Absolute, out var publicUrl) && (publicUrl.Scheme == Uri.UriSchemeHttps || publicUrl.Scheme == Uri.UriSchemeHttp), "PublicBaseUrl", settings.PublicBaseUrl, "set it to the https address people reach the web pages at (it is printed in venue QR codes)");
        Require(settings.StoreMemorySizeBits is >= 20 and <= 40, "StoreMemorySizeBits", settings.StoreMemorySizeBits, "set a power of two of bytes between 20 (1 MB) and 40 (1 TB); 28 (256 MB) is the default");
        Require(settings.StoreIndexSizeBits is >= 10 and <= 34, "StoreIndexSizeBits", settings.StoreIndexSizeBits, "set a power of two of buckets between 10 and 34; 20 is the default");
        Require(settings.Partitions is null or (>= 1 and <= 4096), "Partitions", settings.Partitions, "set between 1 and 4096, or leave it out");
        Require(settings.ShutdownSeconds is > 0 and <= 600, "ShutdownSeconds", settings.ShutdownSeconds, "set how long calls get to finish on SIGTERM: more than 0, at most 600 seconds");

        var rules = settings.Rules;
        Require(rules.DefaultDwellMinutes is > 0 and <= 24 * 60, "Rules:DefaultDwellMinutes", rules.DefaultDwellMinutes, "set more than 0, at most 1440 minutes");
        Require(rules.LingerMinutes is >= 0 and <= 24 * 60, "Rules:LingerMinutes", rules.LingerMinutes, "set between 0 and 1440 minutes");
        Require(rules.DeclarationValidityHours is > 0 and <= 24 * 30, "Rules:DeclarationValidityHours", rules.DeclarationValidityHours, "set more than 0, at most 720 hours");
        Require(rules.MinimumWeightedMinutes > 0, "Rules:MinimumWeightedMinutes", rules.MinimumWeightedMinutes, "set a number of minutes above 0 (15 by the Ministry's rule)");
        Require(rules.RetentionDays is >= 1 and <= 365, "Rules:RetentionDays", rules.RetentionDays, "set between 1 and 365 days (21 by the Ministry's rule)");
        Require(rules.DailyScanCap >= 1, "Rules:DailyScanCap", rules.DailyScanCap, "set at least 1");

        var observations = settings.Observations;
        Require(observations.ExpectedPerDay >= 1, "Observations:ExpectedPerDay", observations.ExpectedPerDay, "set the sightings expected a day, at least 1");
        Require(observations.MaxUnappliedMegabytes > 0, "Observations:MaxUnappliedMegabytes", observations.MaxUnappliedMegabytes, "set above 0 (16 is the default)");
        Require(observations.BacklogWaitSeconds >= 0, "Observations:BacklogWaitSeconds", observations.BacklogWaitSeconds, "set 0 or more seconds");
        Require(observations.CheckpointAfterMegabytes >= 0, "Observations:CheckpointAfterMegabytes", observations.CheckpointAfterMegabytes, "set 0 (by period only) or more megabytes");
        Require(observations.CheckpointIntervalSeconds > 0, "Observations:CheckpointIntervalSeconds", observations.CheckpointIntervalSeconds, "set above 0 seconds (30 is the default)");

        foreach (var property in typeof(Limits.LimitSettings).GetProperties().Where(p => p.PropertyType == typeof(Limits.WindowLimit)))
        {
            var limit = (Limits.WindowLimit)property.GetValue(settings.Limits)!;
            Require(limit.PermitLimit >= 0, $"Limits:{property.Name}:PermitLimit", limit.PermitLimit, "set 0 (off) or more calls");
            Require(limit.PermitLimit == 0 || limit.Window > TimeSpan.Zero, $"Limits:{property.Name}:Window", limit.Window, "set a window such as 01:00:00 (an hour) or 1.00:00:00 (a day)");
        }

        if (wrong.Count > 0)
            throw new InvalidOperationException("The server cannot start with these settings:" + Environment.NewLine + string.Join(Environment.NewLine, wrong));
    }
}
