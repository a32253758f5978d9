using Tracing.Matching.Registry;

namespace Tracing.Server.Tests;

/// <summary>Vietnamese phone numbers in their usual written forms all map to one canonical form.</summary>
public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("0966323123")]
    [InlineData("+84966323123")]
    [InlineData("84966323123")]
    [InlineData("+84 966 323 123")]
    [InlineData("0966 323 123")]
    [InlineData("0966.323.123")]
    [InlineData("0966-323-123")]
    [InlineData("(+84) 966.323.123")]
    [InlineData("  0966323123  ")]
    public void Usual_forms_normalize_to_the_leading_zero_form(string written)
        => Assert.Equal("0966323123", PhoneNumber.Normalize(written));

    [Theory]
    [InlineData("02838123456", "02838123456")]
    [InlineData("+84 28 3812 3456", "02838123456")]
    public void Eleven_digit_landlines_are_kept(string written, string canonical)
        => Assert.Equal(canonical, PhoneNumber.Normalize(written));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("12345")]
    [InlineData("096632312")]      // 9 digits
    [InlineData("096632312345")]   // 12 digits
    [InlineData("0066323123")]     // no 00 prefix
    [InlineData("966323123")]      // no leading 0 or country code
    [InlineData("0966323l23")]     // letter l for digit 1
    [InlineData("0966+323123")]    // plus sign inside
    [InlineData("++84966323123")]  // doubled plus
    [InlineData("+0966323123")]    // plus without the country code
    [InlineData("+1 202 555 0143")]
    [InlineData("0966323123456789012345")]
    [InlineData("0966/323/123")]
    public void Anything_else_is_not_a_phone(string? written)
        => Assert.Null(PhoneNumber.Normalize(written));

    [Fact]
    public void Require_names_the_field_and_shows_an_example()
    {
        var refusal = Assert.Throws<Tracing.Matching.TracingException>(() => PhoneNumber.Require("12", "registrant_phone"));
        Assert.Equal(Tracing.Matching.TracingError.InvalidArgument, refusal.Error);
        Assert.Contains("registrant_phone", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("0966323123", refusal.Message, StringComparison.Ordinal);
    }
}
