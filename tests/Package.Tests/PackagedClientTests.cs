using Tracing.Clients;
using Tracing.Matching.Crypto;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Package.Tests;

/// <summary>A partner's project with the Tracing.Clients package, against a running server (TRACING_SERVER).</summary>
public sealed class PackagedClientTests
{
    private static string Server => Environment.GetEnvironmentVariable("TRACING_SERVER") is { Length: > 0 } address
        ? address
        : throw new InvalidOperationException("Set TRACING_SERVER to a running server's gRPC address (.ci/run starts one).");

    [Fact]
    public async Task The_package_registers_a_phone_declares_and_uploads_what_it_heard()
    {
        using var anonymous = TracingClient.Anonymous(Server);
        var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "package-test" });
        using var phone = TracingClient.ForCitizen(Server, device.AccessToken);
        var declared = await phone.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
        {
            FullName = "Nguyễn Văn Gói",
            BirthYear = 1985,
            Gender = Gender.Male,
            Phone = PhoneNumber.Normalize("+84 912 345 678")!,
            Kind = DeclarationKind.Domestic,
        });
        Assert.Equal(device.UserId, declared.SubjectUserId);

        // What a phone heard of another one: identifiers derived with the package's GAEN crypto.
        var key = new byte[ExposureKeyCrypto.KeyLength];
        Random.Shared.NextBytes(key);
        var interval = ExposureKeyCrypto.IntervalNumber(DateTimeOffset.UtcNow.AddHours(-2));
        var rpis = new byte[ExposureKeyCrypto.IdentifierLength * 3];
        ExposureKeyCrypto.DeriveIdentifiers(key, interval, 3, rpis);
        var batch = new ContactBatch { BatchId = Guid.NewGuid().ToString("N") };
        for (var i = 0; i < 3; i++)
        {
            batch.Observations.Add(new ContactObservation
            {
                Rpi = Google.Protobuf.ByteString.CopyFrom(rpis, i * ExposureKeyCrypto.IdentifierLength, ExposureKeyCrypto.IdentifierLength),
                SeenAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-2).AddMinutes(10 * i)),
                DurationSeconds = 300,
                Rssi = -60,
                TxPower = -5,
            });
        }
        var uploaded = await phone.UploadContactsAsync([batch]);
        Assert.Equal(3, uploaded.Accepted);

        var provinces = await anonymous.Regions.ListRegionsAsync(new ListRegionsRequest());
        Assert.Contains(provinces.Regions, r => r.Code == "79");
    }

    [Fact]
    public void The_package_brings_neither_the_engine_nor_ASP_NET()
    {
        var referenced = new[] { typeof(TracingClient).Assembly, typeof(PhoneNumber).Assembly }
            .SelectMany(a => a.GetReferencedAssemblies())
            .Select(a => a.Name!)
            .ToList();
        Assert.Contains("Tracing.Contracts", referenced);
        Assert.DoesNotContain(referenced, name => name.StartsWith("Tracing.Matching", StringComparison.Ordinal) || name.StartsWith("FASTER", StringComparison.Ordinal) || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "FASTER.core.dll")));
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "Tracing.Matching.dll")));
    }
}
