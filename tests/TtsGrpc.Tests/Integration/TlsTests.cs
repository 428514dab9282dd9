using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>The server on an https endpoint from Kestrel configuration: HTTP/2 over TLS with a certificate from a PFX file.</summary>
public sealed class TlsTests
{
    private const string Password = "test-pfx-password";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Synthesize_OverTlsWithATrustedCertificate_StreamsAudio()
    {
        using var directory = new TempDirectory();
        using var certificate = CreateCertificate();
        await using var server = await StartAsync(directory, certificate);
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = TrustingOnly(certificate) });

        var call = await SynthesisCall.RunAsync(new TextToSpeech.TextToSpeechClient(channel), new SynthesizeRequest { Text = "Spoken over TLS." });

        Assert.StartsWith("https://", server.Address, StringComparison.Ordinal);
        Assert.True(call.Audio.Length > 22050, "less than half a second of audio");
    }

    [Fact]
    public async Task Synthesize_PlaintextOrUntrustedToTheTlsPort_Fails()
    {
        using var directory = new TempDirectory();
        using var certificate = CreateCertificate();
        await using var server = await StartAsync(directory, certificate);
        var port = new Uri(server.Address).Port;
        using var plaintext = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        using var untrusted = GrpcChannel.ForAddress(server.Address);
        var request = new SynthesizeRequest { Text = "Nobody hears this." };

        var overPlaintext = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(new TextToSpeech.TextToSpeechClient(plaintext), request));
        var overUntrusted = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(new TextToSpeech.TextToSpeechClient(untrusted), request));

        // The server answers plaintext with a TLS alert: the client sees either a reset connection or bytes that are not HTTP/2.
        Assert.Contains(overPlaintext.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
        // The client's TLS check refuses the server's self-signed certificate before any request is sent.
        Assert.Equal(StatusCode.Internal, overUntrusted.StatusCode);
        Assert.Contains(Causes(overUntrusted.Status.DebugException), e => e is AuthenticationException);
    }

    private static IEnumerable<Exception> Causes(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>Starts the server with only an https endpoint (port 0) whose certificate is <paramref name="certificate"/> as a PFX file.</summary>
    private static Task<ServerFixture> StartAsync(TempDirectory directory, X509Certificate2 certificate)
    {
        Directory.CreateDirectory(directory.Path);
        var pfx = Path.Combine(directory.Path, "server.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, Password));
        return ServerFixture.StartAsync(
            Path.Combine(directory.Path, "data"),
            "--Kestrel:Endpoints:Tls:Url=https://127.0.0.1:0",
            $"--Kestrel:Endpoints:Tls:Certificate:Path={pfx}",
            $"--Kestrel:Endpoints:Tls:Certificate:Password={Password}");
    }

    /// <summary>A self-signed server certificate for localhost and 127.0.0.1, valid for a day.</summary>
    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    /// <summary>A handler that trusts exactly <paramref name="certificate"/> as the root, with the usual name and chain checks.</summary>
    private static SocketsHttpHandler TrustingOnly(X509Certificate2 certificate)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy },
        };
    }
}
