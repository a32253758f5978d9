using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tracing.Clients.Tests;

/// <summary>What a person reads from the CLI: Vietnamese by default (English with --lang en), the options they typed, venue codes as printed.</summary>
public sealed partial class RpcCommandTests
{
    private static readonly Regex PrintedVenueCode = new("^V-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]$");

    [Fact]
    public async Task A_refused_registration_names_the_option_typed_in_Vietnamese_and_never_the_contract_field()
    {
        Assert.Equal(0, (await RunAsync("login", "--phone", "0966323790", "--outbox", _server.OutboxPath)).ExitCode);
        string[] register = ["venue", "register", "--name", "Phở Lý Quốc Sư", "--province", "79", "--district", "001", "--ward", "00001",
            "--street", "10 Lý Quốc Sư", "--registrant", "Nguyễn Văn Phở"];

        var vietnamese = await RunAsync(register);
        var english = await RunAsync([.. register, "--lang", "en"]);

        Assert.Equal(1, vietnamese.ExitCode);
        var lines = vietnamese.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("lỗi: ", lines[0], StringComparison.Ordinal);
        var district = Assert.Single(lines, l => l.StartsWith("--district: ", StringComparison.Ordinal));
        Assert.Contains("Quận Ba Đình không thuộc Thành phố Hồ Chí Minh", district, StringComparison.Ordinal);
        Assert.Equal(1, english.ExitCode);
        Assert.StartsWith("error: ", english.Error, StringComparison.Ordinal);
        Assert.Contains("--district: --district '001' (Quận Ba Đình) does not lie in Thành phố Hồ Chí Minh", english.Error, StringComparison.Ordinal);
        foreach (var error in new[] { vietnamese.Error, english.Error })
        {
            Assert.DoesNotContain("district_code", error, StringComparison.Ordinal);
            Assert.DoesNotContain("RegisterVenue", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Venue_codes_are_printed_as_on_the_poster_and_read_however_they_are_typed()
    {
        Assert.Equal(0, (await RunAsync("login", "--phone", "0966323791", "--outbox", _server.OutboxPath)).ExitCode);
        var registered = await RunAsync("venue", "register", "--name", "Nhà sách Cá Chép", "--province", "79", "--district", "760", "--ward", "26734",
            "--street", "7 Đinh Tiên Hoàng", "--registrant", "Trần Văn Sách");
        Assert.Equal(0, registered.ExitCode);
        var code = Regex.Match(registered.Output, "^Mã địa điểm: (.+)$", RegexOptions.Multiline).Groups[1].Value.Trim();
        Assert.Matches(PrintedVenueCode, code);

        var typed = code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(); // "v7k3m9q2x4tc"
        var got = await RunAsync("venue", "get", typed, "--json");
        var listed = await RunAsync("venue", "list", "--json");
        var scanned = await RunAsync("scan", "--venue", typed, "--name", "Lê Văn Đọc", "--phone", "0912000333", "--birth-year", "1990");
        var history = await RunAsync("history", "--venue", code, "--json");

        Assert.Equal(0, got.ExitCode);
        Assert.Equal(code, JsonDocument.Parse(got.Output).RootElement.GetProperty("venue_id").GetString());
        Assert.Equal(code, JsonDocument.Parse(listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single()).RootElement.GetProperty("venue_id").GetString());
        Assert.Equal(0, scanned.ExitCode);
        Assert.Contains($"Mã địa điểm: {code}", scanned.Output, StringComparison.Ordinal);
        var record = JsonDocument.Parse(Assert.Single(history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(code, record.GetProperty("scan").GetProperty("venue_id").GetString());
        Assert.DoesNotContain("\"v-", history.Output + got.Output + listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phone_on_ones_own_declaration_is_refused_with_the_on_behalf_hint()
    {
        Assert.Equal(0, (await RunAsync("login", "--phone", "0966323792", "--outbox", _server.OutboxPath)).ExitCode);

        var vietnamese = await RunAsync("declare", "--name", "Đặng Thị Mẹ", "--birth-year", "1950", "--phone", "0912000444");
        var english = await RunAsync("declare", "--name", "Đặng Thị Mẹ", "--birth-year", "1950", "--phone", "0912000444", "--lang", "en");
        var forMother = await RunAsync("declare", "--name", "Đặng Thị Mẹ", "--birth-year", "1950", "--phone", "0912000444", "--on-behalf");

        Assert.Equal(2, vietnamese.ExitCode);
        Assert.StartsWith("lỗi: --phone chỉ dùng khi khai báo hộ người thân: thêm --on-behalf", vietnamese.Error, StringComparison.Ordinal);
        Assert.Equal(2, english.ExitCode);
        Assert.StartsWith("error: --phone is for a family member's declaration: add --on-behalf", english.Error, StringComparison.Ordinal);
        Assert.Equal(0, forMother.ExitCode);
    }

    [Fact]
    public async Task A_command_line_that_does_not_parse_is_answered_in_Vietnamese_or_in_English_when_asked()
    {
        var vietnamese = await RunAsync("declare", "--name", "Ngô Văn Quên");
        var english = await RunAsync("declare", "--name", "Ngô Văn Quên", "--lang", "en");
        var notANumber = await RunAsync("declare", "--name", "Ngô Văn Quên", "--birth-year", "năm mươi");

        Assert.Equal(1, vietnamese.ExitCode);
        Assert.Contains("lỗi: thiếu tùy chọn bắt buộc --birth-year.", vietnamese.Error, StringComparison.Ordinal);
        Assert.Contains("tracing declare --help", vietnamese.Error, StringComparison.Ordinal);
        Assert.Equal(1, english.ExitCode);
        Assert.Contains("error: Option '--birth-year' is required.", english.Error, StringComparison.Ordinal);
        Assert.Contains("giá trị 'năm mươi' của --birth-year không đúng kiểu (cần một số nguyên)", notANumber.Error, StringComparison.Ordinal);
    }
}
