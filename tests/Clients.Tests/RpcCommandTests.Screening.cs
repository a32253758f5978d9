using System.Text.Json;

namespace Tracing.Clients.Tests;

public sealed partial class RpcCommandTests
{
    [Fact]
    public async Task Declare_prints_the_screening_in_Vietnamese_and_json_output_carries_it_as_a_field()
    {
        Assert.Equal(0, (await RunAsync("device")).ExitCode);

        var yellow = await RunAsync("declare", "--name", "Trương Văn Ho", "--birth-year", "1980", "--symptom", "cough");
        var red = await RunAsync("declare", "--name", "Trương Văn Ho", "--birth-year", "1980", "--symptom", "fever", "--symptom", "breath", "--json");

        Assert.Equal(0, yellow.ExitCode);
        // The answer's screening, printed like every field: its level, advice and reasons in Vietnamese.
        Assert.Contains("Sàng lọc:", yellow.Output, StringComparison.Ordinal);
        Assert.Contains("Mức: vàng", yellow.Output, StringComparison.Ordinal);
        Assert.Contains("Lời khuyên: Báo nhân viên kiểm tra trước khi vào", yellow.Output, StringComparison.Ordinal);
        Assert.Contains("Lý do: Ho", yellow.Output, StringComparison.Ordinal);
        Assert.Equal(0, red.ExitCode);
        var screening = JsonDocument.Parse(red.Output).RootElement.GetProperty("screening");
        Assert.Equal("SCREENING_LEVEL_RED", screening.GetProperty("level").GetString());
        Assert.DoesNotContain("Sàng lọc", red.Output, StringComparison.Ordinal);
    }
}
