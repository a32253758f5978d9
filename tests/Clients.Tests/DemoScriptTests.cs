using Tracing.Cli.Demo;
using Tracing.Server.Tests;

namespace Tracing.Clients.Tests;

/// <summary>The `tracing demo` city against the real server: every alert the rules imply, and no other.</summary>
public sealed class DemoScriptTests
{
    [Fact]
    public async Task The_demo_city_finds_exactly_the_expected_alerts()
    {
        await using var server = await ServerProcess.StartAsync();
        var options = new CityScriptOptions(server.GrpcAddress, ServerProcess.HealthKey, ServerProcess.PartnerKey, server.OutboxPath)
        {
            SettleTimeout = TimeSpan.FromSeconds(5),
        };
        using var output = new StringWriter();
        var result = await new CityScript(options, output).RunAsync(CancellationToken.None);
        Assert.True(result.Matches, string.Join("; ", result.Missing.Concat(result.Unexpected).Concat(result.PartnerMissing).Concat(result.PartnerUnexpected)) + "\n" + output);
        Assert.Equal(4, result.Expected.Count);
        Assert.Contains("F2", output.ToString(), StringComparison.Ordinal);
    }
}
