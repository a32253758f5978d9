using System.Text.Json;

namespace Tracing.Clients.Tests;

public sealed partial class RpcCommandTests
{
    [Fact]
    public async Task A_manager_assesses_a_venue_the_public_rates_it_and_the_map_shows_both()
    {
        Assert.Equal(0, (await RunAsync("login", "--phone", "0966323778", "--outbox", _server.OutboxPath)).ExitCode);
        var registered = await RunAsync("venue", "register", "--json", "--name", "Bún Chả Hương Liên", "--province", "01", "--district", "001", "--ward", "00007",
            "--street", "24 Lê Văn Hưu", "--registrant", "Nguyễn Thị Liên", "--registrant-phone", "0966323778", "--category", "restaurant", "--at", "21.0181,105.8537");
        var venueId = JsonDocument.Parse(registered.Output).RootElement.GetProperty("venue_id").GetString()!;

        var checklist = await RunAsync("safety", "checklist", "restaurant");
        var assessed = await RunAsync("safety", "assess", venueId, "--missing", "ventilation,capacity", "--json");
        var rated = await RunAsync("safety", "feedback", venueId, "--rating", "4", "--comment", "Sạch sẽ", "--json");
        var map = await RunAsync("safety", "map", "--region", "00007", "--json");
        var table = await RunAsync("safety", "map", "--region", "00007");

        Assert.Contains("distancing", checklist.Output, StringComparison.Ordinal);
        Assert.Contains("bắt buộc", checklist.Output, StringComparison.Ordinal);
        var assessment = JsonDocument.Parse(assessed.Output).RootElement;
        Assert.Equal((80, "SAFETY_STATUS_SAFE"), (assessment.GetProperty("score").GetInt32(), assessment.GetProperty("status").GetString()));
        Assert.Equal("1", JsonDocument.Parse(rated.Output).RootElement.GetProperty("feedback_count").GetString());
        var shown = JsonDocument.Parse(Assert.Single(map.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal((venueId, "SAFETY_STATUS_SAFE", 80), (shown.GetProperty("venue_id").GetString(), shown.GetProperty("status").GetString(), shown.GetProperty("score").GetInt32()));
        Assert.Equal((21.0181, 105.8537), (shown.GetProperty("latitude").GetDouble(), shown.GetProperty("longitude").GetDouble()));
        Assert.Contains($"an toàn           80        1  {venueId}", table.Output, StringComparison.Ordinal);
        Assert.Contains("(còn thiếu: ventilation, capacity)", table.Output, StringComparison.Ordinal);
        Assert.Contains($"safe              80        1  {venueId}", (await RunAsync("safety", "map", "--region", "00007", "--lang", "en")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Safety_commands_refuse_what_they_cannot_send_in_one_line()
    {
        Assert.Equal(0, (await RunAsync("login", "--phone", "0966323779", "--outbox", _server.OutboxPath)).ExitCode);
        var registered = await RunAsync("venue", "register", "--json", "--name", "Cửa hàng", "--province", "01", "--district", "001", "--ward", "00001",
            "--street", "1 Hàng Bài", "--registrant", "Lê Văn Bán", "--registrant-phone", "0966323779");
        var venueId = JsonDocument.Parse(registered.Output).RootElement.GetProperty("venue_id").GetString()!;

        var unknownItem = await RunAsync("safety", "assess", venueId, "--missing", "karaoke");
        var badBox = await RunAsync("safety", "map", "--bbox", "10.7,106.6");
        var badRating = await RunAsync("safety", "feedback", venueId, "--rating", "9", "--lang", "en");
        var badPosition = await RunAsync("venue", "register", "--name", "Cửa hàng 2", "--province", "01", "--district", "001", "--ward", "00001",
            "--street", "2 Hàng Bài", "--registrant", "Lê Văn Bán", "--registrant-phone", "0966323779", "--at", "21.0 105.8");

        Assert.Equal(2, unknownItem.ExitCode);
        Assert.Contains("không có trong bảng kiểm", unknownItem.Error, StringComparison.Ordinal);
        Assert.Equal(2, badBox.ExitCode);
        Assert.Contains("bốn số", badBox.Error, StringComparison.Ordinal);
        Assert.Equal(1, badRating.ExitCode);
        Assert.StartsWith("error: ", badRating.Error, StringComparison.Ordinal);
        Assert.Contains("rating", badRating.Error, StringComparison.Ordinal);
        Assert.Equal(2, badPosition.ExitCode);
        Assert.Contains("vĩ độ,kinh độ", badPosition.Error, StringComparison.Ordinal);
    }
}
