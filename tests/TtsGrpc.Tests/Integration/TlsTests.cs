using System.Security.Authentication;
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
        using var certificate = TestCertificates.Create();
        await using var server = await StartAsync(directory, certificate);
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = TestCertificates.TrustingOnly(certificate) });

        var call = await SynthesisCall.RunAsync(new TextToSpeech.TextToSpeechClient(channel), new SynthesizeRequest { Text = "Spoken over TLS." });

        Assert.StartsWith("https://", server.Address, StringComparison.Ordinal);
        Assert.True(call.Audio.Length > 22050, "less than half a second of audio");
    }

    [Fact]
    public async Task Synthesize_PlaintextOrUntrustedToTheTlsPort_Fails()
    {
        using var directory = new TempDirectory();
        using var certificate = TestCertificates.Create();
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
}
