using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tracing.Server.Tests.Web;

/// <summary>The web pages' lookup of the administrative units (<c>/api/dia-gioi</c>), which fills the drop-downs as a province or district is chosen.</summary>
public sealed class RegionLookupJsonTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task The_provinces_a_provinces_districts_and_a_districts_wards_come_as_json_and_an_unknown_code_is_not_found_in_vietnamese()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Server.WebAddress) };

        var provinces = await http.GetFromJsonAsync<JsonElement>("/api/dia-gioi");
        var hanoi = await http.GetFromJsonAsync<JsonElement>("/api/dia-gioi/01");
        var baDinh = await http.GetFromJsonAsync<JsonElement>("/api/dia-gioi/001");
        using var unknown = await http.GetAsync(new Uri("/api/dia-gioi/999", UriKind.Relative));

        Assert.Equal(63, provinces.GetArrayLength());
        Assert.Contains(provinces.EnumerateArray(), p => p.GetProperty("code").GetString() == "79" && p.GetProperty("name").GetString() == "Thành phố Hồ Chí Minh");
        Assert.Equal(30, hanoi.GetArrayLength());
        Assert.Equal(("001", "Quận Ba Đình", "Quận"), (hanoi[0].GetProperty("code").GetString(), hanoi[0].GetProperty("name").GetString(), hanoi[0].GetProperty("type").GetString()));
        Assert.Equal(14, baDinh.GetArrayLength());
        Assert.Equal("Phường Phúc Xá", baDinh[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Không có đơn vị hành chính mã \"999\"", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
