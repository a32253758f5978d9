using Tracing.Server.Security;

namespace Tracing.Server.Tests;

/// <summary>Bearer tokens: valid until they expire, refused when altered, and still valid with the key reloaded from disk.</summary>
public sealed class AccessTokenTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "tracing-token-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeClock _clock = new(new DateTimeOffset(2021, 9, 1, 8, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
            Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public void A_token_names_its_user_until_it_expires()
    {
        var tokens = new AccessTokens(KeyRing.LoadOrCreate(_dataDir), _clock);
        var (token, expiresAt) = tokens.Issue("u-0123456789abcdef");

        Assert.Equal(_clock.Now + AccessTokens.Lifetime, expiresAt);
        Assert.Equal("u-0123456789abcdef", tokens.Validate(token));
        _clock.Now = expiresAt.AddSeconds(-1);
        Assert.Equal("u-0123456789abcdef", tokens.Validate(token));
        _clock.Now = expiresAt;
        Assert.Null(tokens.Validate(token));
        _clock.Now = expiresAt.AddDays(365);
        Assert.Null(tokens.Validate(token));
    }

    [Fact]
    public void An_altered_token_is_refused()
    {
        var tokens = new AccessTokens(KeyRing.LoadOrCreate(_dataDir), _clock);
        var (token, _) = tokens.Issue("u-0123456789abcdef");
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var later = (long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 86_400 * 365).ToString(System.Globalization.CultureInfo.InvariantCulture);

        string[] altered =
        [
            $"u-fedcba9876543210.{parts[1]}.{parts[2]}",                 // someone else
            $"{parts[0]}.{later}.{parts[2]}",                             // longer life
            $"{parts[0]}.{parts[1]}.{Flip(parts[2])}",                    // signature changed
            $"{parts[0]}.{parts[1]}.",                                    // signature removed
            $"{parts[0]}.{parts[1]}",                                     // signature dropped
            $"{parts[0]}.{parts[1]}.{parts[2]}x",
            token.ToUpperInvariant(),
            "",
            ".",
            "..",
            "garbage",
        ];
        foreach (var bad in altered)
            Assert.Null(tokens.Validate(bad));
        Assert.Equal("u-0123456789abcdef", tokens.Validate(token));
    }

    [Fact]
    public void A_token_from_another_server_key_is_refused()
    {
        var ours = new AccessTokens(KeyRing.LoadOrCreate(_dataDir), _clock);
        var theirs = new AccessTokens(KeyRing.LoadOrCreate(_dataDir + "-other"), _clock);
        try
        {
            var (token, _) = theirs.Issue("u-0123456789abcdef");
            Assert.Null(ours.Validate(token));
        }
        finally
        {
            Directory.Delete(_dataDir + "-other", recursive: true);
        }
    }

    [Fact]
    public void The_key_reloaded_from_the_data_folder_accepts_earlier_tokens()
    {
        var (token, _) = new AccessTokens(KeyRing.LoadOrCreate(_dataDir), _clock).Issue("u-0123456789abcdef");
        var afterRestart = new AccessTokens(KeyRing.LoadOrCreate(_dataDir), _clock);
        Assert.Equal("u-0123456789abcdef", afterRestart.Validate(token));
    }

    private static string Flip(string signature) => (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

    /// <summary>A clock that stands still until the test moves it.</summary>
    private sealed class FakeClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
