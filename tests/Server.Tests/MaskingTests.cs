using Tracing.Server.Privacy;

namespace Tracing.Server.Tests;

/// <summary>How names and phones are shown to venue managers (SPEC §2 Privacy): the given name and last digits hidden.</summary>
public sealed class MaskingTests
{
    [Theory]
    [InlineData("Nguyễn Đình Chiểu", "NGUYỄN ĐÌNH ***")]
    [InlineData("lê văn bình", "LÊ VĂN ***")]
    [InlineData("Đặng thị ánh", "ĐẶNG THỊ ***")]
    [InlineData("trương ngọc ẩn", "TRƯƠNG NGỌC ***")]
    [InlineData("Huỳnh Ức", "HUỲNH ***")]
    [InlineData("Tôn Nữ Thị Ưng Ỷ", "TÔN NỮ THỊ ƯNG ***")]
    [InlineData("  Trần   Văn  An ", "TRẦN VĂN ***")]
    [InlineData("John Smith", "JOHN ***")]
    public void Names_keep_the_family_and_middle_names_in_capitals_and_hide_the_given_name(string name, string masked)
        => Assert.Equal(masked, Masking.Name(name));

    [Theory]
    [InlineData("Bình")]
    [InlineData("ẩn")]
    public void A_one_word_name_is_hidden_entirely(string name)
        => Assert.Equal("***", Masking.Name(name));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_name_stays_empty(string name)
        => Assert.Equal("", Masking.Name(name));

    [Theory]
    [InlineData("0966323123", "0966 323 ***")]
    [InlineData("0912345678", "0912 345 ***")]
    [InlineData("02838123456", "0283 8123 ***")]
    public void Phones_hide_the_last_three_digits(string phone, string masked)
        => Assert.Equal(masked, Masking.Phone(phone));

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("113")]
    [InlineData("115114")]
    public void A_short_phone_is_hidden_entirely(string phone)
        => Assert.Equal("***", Masking.Phone(phone));

    [Theory]
    [InlineData("0966323")]
    [InlineData("09663231")]
    [InlineData("0966323123")]
    [InlineData("02838123456")]
    public void The_last_three_digits_never_show(string phone)
    {
        var masked = Masking.Phone(phone);
        Assert.EndsWith("***", masked, StringComparison.Ordinal);
        Assert.DoesNotContain(phone[^3..], masked[..^3], StringComparison.Ordinal);
    }
}
