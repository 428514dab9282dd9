using Google.Protobuf;
using Grpc.Core;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Tests.Support;

/// <summary>Uploads for CreateVoice, and the real speech the voice tests use.</summary>
public static class VoiceUploads
{
    /// <summary>A public-domain LibriVox excerpt from Debian's pocketsphinx-testdata (16 kHz mono, 7.1 s).</summary>
    public const string ReferencePath = "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav";

    public static byte[] Reference
    {
        get
        {
            Assert.True(File.Exists(ReferencePath), $"{ReferencePath} is missing; './build.sh deps' installs pocketsphinx-testdata.");
            return File.ReadAllBytes(ReferencePath);
        }
    }

    public static async Task<Voice> CreateAsync(ChannelBase channel, byte[] audio, string name = "reference", string language = "", string baseVoice = "")
    {
        var client = new Voices.VoicesClient(channel);
        using var call = client.CreateVoice(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: TestContext.Current.CancellationToken);
        await call.RequestStream.WriteAsync(new CreateVoiceRequest { Config = new VoiceConfig { Name = name, Language = language, BaseVoice = baseVoice } });
        for (var offset = 0; offset < audio.Length; offset += 64 * 1024)
        {
            var chunk = audio.AsMemory(offset, Math.Min(64 * 1024, audio.Length - offset));
            await call.RequestStream.WriteAsync(new CreateVoiceRequest { Audio = ByteString.CopyFrom(chunk.Span) });
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }

    public static async Task<RpcException> RefusedAsync(ChannelBase channel, params CreateVoiceRequest[] messages)
    {
        var client = new Voices.VoicesClient(channel);
        using var call = client.CreateVoice(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            foreach (var message in messages)
            {
                await call.RequestStream.WriteAsync(message);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server stopped reading (it refused the upload); its status comes with the response.
        }

        try
        {
            var voice = await call.ResponseAsync;
            throw new Xunit.Sdk.XunitException($"The upload was accepted as {voice.Id}");
        }
        catch (RpcException e)
        {
            return e;
        }
    }
}
