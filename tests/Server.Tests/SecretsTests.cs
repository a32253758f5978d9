using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Tracing.Clients;
using Tracing.Server.Security;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// The server's secrets: the signing key made on first start for its owner only (and refused when others can read
/// it or it is damaged), API keys configurable by hash and checked at start, and no secret in the logs.
/// </summary>
public sealed class SecretsTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "tracing-secrets-tests", Guid.NewGuid().ToString("N"));

    private string KeyPath => Path.Combine(_dataDir, "keys", "server.key");

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
            Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_signing_key_is_made_on_first_start_for_its_owner_only_and_kept()
    {
        var first = KeyRing.LoadOrCreate(_dataDir);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(KeyPath));
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(KeyPath)!));
        Assert.Equal(KeyRing.KeyLength, new FileInfo(KeyPath).Length);
        Assert.Equal(["server.key"], Directory.GetFiles(Path.GetDirectoryName(KeyPath)!).Select(Path.GetFileName));
        Assert.Equal(first.KeyFor("tokens"), KeyRing.LoadOrCreate(_dataDir).KeyFor("tokens"));
        Assert.NotEqual(first.KeyFor("tokens"), first.KeyFor("qr"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_key_file_others_can_read_or_a_damaged_one_stops_the_start_with_what_to_do()
    {
        KeyRing.LoadOrCreate(_dataDir);

        File.SetUnixFileMode(KeyPath, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Contains("chmod 600", Assert.Throws<InvalidOperationException>(() => KeyRing.LoadOrCreate(_dataDir)).Message, StringComparison.Ordinal);

        File.SetUnixFileMode(KeyPath, OwnerReadWrite);
        File.WriteAllBytes(KeyPath, []);
        Assert.Contains("damaged", Assert.Throws<InvalidOperationException>(() => KeyRing.LoadOrCreate(_dataDir)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Auth:ApiKeys:0:KeyHash=not-a-hash", "64 hex digits")]
    [InlineData("--Auth:ApiKeys:0:Key=abc --Auth:ApiKeys:0:KeyHash=BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", "exactly one of Key and KeyHash")]
    [InlineData("--Auth:ApiKeys:0:Name=Sở Y tế", "exactly one of Key and KeyHash")]
    [InlineData("--Auth:ApiKeys:0:Key=abc --Auth:ApiKeys:0:Role=Partner --Auth:ApiKeys:1:KeyHash=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad --Auth:ApiKeys:1:Role=Partner", "repeats the key")]
    // Without its role a key would bind as a health department's, and without a province with national scope.
    [InlineData("--Auth:ApiKeys:0:Key=abc --Auth:ApiKeys:0:Name=Đối tác", "needs a Role: HealthDepartment, Partner or Operator")]
    [InlineData("--Auth:ApiKeys:0:Key=abc --Auth:ApiKeys:0:Role=HealthDepartment --Auth:ApiKeys:0:Province=HCM", "Province 'HCM', which is no province code")]
    public async Task A_mistake_in_the_api_keys_stops_the_start_with_what_to_fix(string settings, string explanation)
    {
        string[] args = [$"--Tracing:DataDir={_dataDir}", "--Tracing:StoreMemorySizeBits=25", "--Tracing:StoreIndexSizeBits=14", "--Logging:LogLevel:Default=Warning", .. settings.Split(' ')];
        await using var app = TracingServer.Build(args);

        var refused = Assert.Throws<InvalidOperationException>(() => TracingServer.OpenStore(app));

        Assert.Contains(explanation, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_secret_reaches_the_logs_even_at_trace_level()
    {
        var logs = new CapturedLogs();
        await using var server = await ServerProcess.StartAsync(builder => builder.Logging.AddProvider(logs), "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:Grpc=Trace");
        var phone = Citizens.NewPhone();
        var outbox = new SmsOutbox(server.OutboxPath);
        using var anonymous = server.Anonymous();
        await anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone });
        var otp = outbox.FindNewestCode(phone)!;
        await Assert.ThrowsAsync<RpcException>(() => anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = otp == "000000" ? "111111" : "000000" }).ResponseAsync);
        var signedIn = await anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = otp });
        using var person = server.WithToken(signedIn.AccessToken);
        await person.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest());
        using var health = server.WithApiKey(ServerProcess.HealthKey);
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = signedIn.UserId, TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });
        var phoneOfCase = new SimulatedPhone(seed: 7);
        var keys = phoneOfCase.GetDiagnosisKeys(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow);
        await person.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest { VerificationCode = report.VerificationCode, Keys = { keys } });
        const string WrongKey = "guessed-api-key-0123";
        using var guesser = server.WithApiKey(WrongKey);
        await Assert.ThrowsAsync<RpcException>(() => guesser.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = signedIn.UserId }).ResponseAsync);
        var master = File.ReadAllBytes(Path.Combine(server.DataDir, "keys", "server.key"));
        await server.DisposeAsync();

        var written = logs.Text;
        // The capture sees the calls (so a secret in them would show), at the levels that carry most detail.
        Assert.Contains("/tracing.v1.AuthService/VerifyOtp", written, StringComparison.Ordinal);
        Assert.Contains("Trace ", written, StringComparison.Ordinal);
        var secrets = new Dictionary<string, string>
        {
            ["one-time password"] = otp,
            ["access token"] = signedIn.AccessToken,
            ["access token signature"] = signedIn.AccessToken.Split('.')[^1],
            ["API key"] = ServerProcess.HealthKey,
            ["guessed API key"] = WrongKey,
            ["verification code"] = report.VerificationCode,
            ["phone number"] = phone,
            ["signing key (base64)"] = Convert.ToBase64String(master),
            ["signing key (hex)"] = Convert.ToHexString(master),
        };
        foreach (var key in keys)
        {
            secrets[$"exposure key {key.RollingStartIntervalNumber} (base64)"] = key.KeyData.ToBase64();
            secrets[$"exposure key {key.RollingStartIntervalNumber} (hex)"] = Convert.ToHexString(key.KeyData.Span);
        }
        foreach (var (what, secret) in secrets)
            Assert.False(written.Contains(secret, StringComparison.OrdinalIgnoreCase), $"The logs hold the {what}.");
    }

    /// <summary>Every log line of every category and level, as text with its structured values.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (name, value) in values)
                        line.Append(" | ").Append(name).Append('=').Append(value);
                }
                if (exception is not null)
                    line.Append(" | ").Append(exception);
                lines.Enqueue(line.ToString());
            }
        }
    }
}
