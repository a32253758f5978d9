using Tracing.Server.Web;

namespace Tracing.Server.Tests.Web;

/// <summary>After signing in the portal returns only to its own pages: a crafted link cannot send people elsewhere.</summary>
public sealed class PortalSessionTests
{
    [Theory]
    [InlineData("/dia-diem/v-abc/cua", "/dia-diem/v-abc/cua")]
    [InlineData("/ma-ca-nhan", "/ma-ca-nhan")]
    [InlineData("//evil.example/login", "/dia-diem")]
    [InlineData("/\\evil.example", "/dia-diem")]
    [InlineData("https://evil.example", "/dia-diem")]
    [InlineData("javascript:alert(1)", "/dia-diem")]
    [InlineData("/\t/evil.example", "/dia-diem")]
    [InlineData("/%09/evil.example", "/dia-diem")]
    [InlineData("/\0/evil.example", "/dia-diem")]
    [InlineData("/%2F%2Fevil.example", "/dia-diem")]
    [InlineData("/%255C%255Cevil.example", "/dia-diem")]
    [InlineData("/dia-diem/v-abc?tu=2021-08-01&den=2021-08-02", "/dia-diem/v-abc?tu=2021-08-01&den=2021-08-02")]
    [InlineData("/", "/dia-diem")]
    [InlineData("", "/dia-diem")]
    [InlineData(null, "/dia-diem")]
    public void Only_local_paths_are_returned_to(string? asked, string expected)
        => Assert.Equal(expected, PortalSession.SafeReturn(asked));
}
