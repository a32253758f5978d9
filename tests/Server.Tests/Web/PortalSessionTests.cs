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
    [InlineData("/", "/dia-diem")]
    [InlineData("", "/dia-diem")]
    [InlineData(null, "/dia-diem")]
    public void Only_local_paths_are_returned_to(string? asked, string expected)
        => Assert.Equal(expected, PortalSession.SafeReturn(asked));
}
