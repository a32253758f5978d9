namespace Tracing.Server.Tests;

/// <summary>A wrong setting stops the start, naming the setting and what to set, before anything is opened.</summary>
public sealed class SettingsCheckTests
{
    [Theory]
    [InlineData("--Tracing:Rules:RetentionDays=0", "Tracing:Rules:RetentionDays is '0'", "between 1 and 365 days")]
    [InlineData("--Tracing:PublicBaseUrl=tracing.gov.vn", "Tracing:PublicBaseUrl is 'tracing.gov.vn'", "https address")]
    [InlineData("--Tracing:Observations:MaxUnappliedMegabytes=-1", "Tracing:Observations:MaxUnappliedMegabytes is '-1'", "above 0")]
    [InlineData("--Tracing:Limits:OtpRequestsPerPhone:Window=00:00:00", "Tracing:Limits:OtpRequestsPerPhone:Window is '00:00:00'", "01:00:00")]
    [InlineData("--Tracing:ShutdownSeconds=0", "Tracing:ShutdownSeconds is '0'", "more than 0, at most 600 seconds")]
    [InlineData("--Tracing:StoreMemorySizeBits=64", "Tracing:StoreMemorySizeBits is '64'", "between 20 (1 MB) and 40 (1 TB)")]
    public async Task A_setting_out_of_range_stops_the_start_and_says_what_to_set(string setting, string named, string advice)
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(settings: setting));
        Assert.Contains(named, refused.Message);
        Assert.Contains(advice, refused.Message);
    }

    [Fact]
    public async Task Every_wrong_setting_is_listed_at_once()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(settings: ["--Tracing:Rules:LingerMinutes=-5", "--Tracing:Partitions=0"]));
        Assert.Contains("Tracing:Rules:LingerMinutes", refused.Message);
        Assert.Contains("Tracing:Partitions", refused.Message);
    }
}
