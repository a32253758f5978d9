using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracing.Harness;
using Tracing.Server.Messaging;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// TLS as README documents it: the gRPC endpoint given an https URL and a PEM certificate and key in configuration
/// serves over TLS with that certificate, and refuses plaintext on the same port.
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "tracing-tls-tests", Guid.NewGuid().ToString("N"));
    private readonly X509Certificate2 _certificate = SelfSigned();
    private WebApplication? _app;
    private string _address = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        var certificatePath = Path.Combine(_dataDir, "tls.crt");
        var keyPath = Path.Combine(_dataDir, "tls.key");
        await File.WriteAllTextAsync(certificatePath, _certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, _certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        _address = $"https://localhost:{LoopbackPorts.Free()}";
        _app = TracingServer.Build(
        [
            $"--Tracing:DataDir={_dataDir}",
            "--Tracing:StoreMemorySizeBits=25",
            "--Tracing:StoreIndexSizeBits=14",
            $"--Kestrel:Endpoints:Grpc:Url={_address}",
            $"--Kestrel:Endpoints:Grpc:Certificate:Path={certificatePath}",
            $"--Kestrel:Endpoints:Grpc:Certificate:KeyPath={keyPath}",
            $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{LoopbackPorts.Free()}",
            "--Logging:LogLevel:Default=Warning",
        ],
        // No code is sent here; the Production environment still wants a sender, which a host plugs in.
        builder => builder.Services.AddSingleton<ISmsSender>(services => new OutboxSmsSender(_dataDir, services.GetRequiredService<ILogger<OutboxSmsSender>>())));
        TracingServer.OpenStore(_app);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _certificate.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task A_client_that_trusts_the_certificate_is_served_over_TLS()
    {
        X509Certificate2? presented = null;
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            presented = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return presented?.Thumbprint == _certificate.Thumbprint;
        };
        using var channel = GrpcChannel.ForAddress(_address, new GrpcChannelOptions { HttpHandler = handler });

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        var device = await new AuthService.AuthServiceClient(channel).RegisterDeviceAsync(new RegisterDeviceRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.NotEmpty(device.AccessToken);
        Assert.Equal(_certificate.Thumbprint, presented?.Thumbprint);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_it_or_speaks_plaintext_is_refused()
    {
        using var untrusting = GrpcChannel.ForAddress(_address);
        using var plaintext = GrpcChannel.ForAddress(_address.Replace("https://", "http://", StringComparison.Ordinal));

        var distrust = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(untrusting).CheckAsync(new HealthCheckRequest()).ResponseAsync);
        var clear = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(plaintext).CheckAsync(new HealthCheckRequest()).ResponseAsync);

        // The client gives up in its TLS handshake, on the certificate; plaintext gets no gRPC answer at all.
        Assert.Contains(Causes(distrust), cause => cause is System.Security.Authentication.AuthenticationException);
        Assert.NotEqual(StatusCode.OK, clear.StatusCode);
        Assert.DoesNotContain(Causes(clear), cause => cause is System.Security.Authentication.AuthenticationException);
    }

    private static IEnumerable<Exception> Causes(RpcException refused)
    {
        for (var cause = refused.Status.DebugException; cause is not null; cause = cause.InnerException)
            yield return cause;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

}
