using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TtsGrpc.Core;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.Kokoro;
using TtsGrpc.Core.Engines.Piper;
using TtsGrpc.Core.Voices;
using TtsGrpc.Protos.V1;
using TtsGrpc.Server.Mapping;

namespace TtsGrpc.Server.Services;

/// <summary>tts.v1.Voices: voices created from a reference recording, the built-in ones by id, and Piper voices installed from the voice index.</summary>
[BindServiceMethod(typeof(VoicesService), nameof(BindService))]
internal sealed class VoicesService(
    VoiceRegistry registry, VoiceCatalog builtin, UploadLimiter uploads, IOptions<VoiceOptions> options, PiperVoiceInstaller installer,
    KokoroEngine? kokoro = null)
    : Voices.VoicesBase
{
    public static void BindService(ServiceBinderBase binder, Voices.VoicesBase? service) =>
        Voices.BindService(new ParsingBinder(binder), service);

    private const int MaxNameLength = 200;
    private const string KokoroPrefix = "kokoro:";

    public override async Task<Voice> CreateVoice(IAsyncStreamReader<CreateVoiceRequest> requestStream, ServerCallContext context)
    {
        using var lease = uploads.Enter(context);
        var token = context.CancellationToken;
        if (!await requestStream.MoveNext(token) || requestStream.Current.ContentCase != CreateVoiceRequest.ContentOneofCase.Config)
        {
            throw TtsException.Invalid("The first message must carry the voice config (name, language, description); audio chunks follow it.");
        }

        var config = requestStream.Current.Config;
        ValidateConfig(config);
        var baseVoice = string.IsNullOrWhiteSpace(config.BaseVoice) ? "" : builtin.Resolve(config.BaseVoice, "").Id;
        var audio = await ReadAudioAsync(requestStream, options.Value.MaxUploadBytes, token);
        var upload = new VoiceUpload(config.Name.Trim(), config.Language.Trim(), config.Description, audio) { BaseVoice = baseVoice };
        return ProtoMapper.ToProto(await registry.CreateAsync(upload, token));
    }

    public override Task<Voice> GetVoice(GetVoiceRequest request, ServerCallContext context)
    {
        if (registry.Find(request.Id.Trim()) is { } created)
        {
            return Task.FromResult(ProtoMapper.ToProto(created));
        }

        return Task.FromResult(builtin.Find(request.Id) is { } engineVoice
            ? ProtoMapper.ToProto(engineVoice)
            : throw NotFound(request.Id));
    }

    public override Task<DeleteVoiceResponse> DeleteVoice(DeleteVoiceRequest request, ServerCallContext context)
    {
        if (builtin.Find(request.Id) is { } engineVoice)
        {
            throw TtsException.Invalid(engineVoice.Engine == "piper"
                ? $"'{request.Id}' is an installed Piper voice; only created voices can be deleted (remove its .onnx and .onnx.json from the voices directory)."
                : $"'{request.Id}' is a built-in voice; only created voices can be deleted.");
        }

        return registry.Delete(request.Id.Trim())
            ? Task.FromResult(new DeleteVoiceResponse { Deleted = true })
            : throw NotFound(request.Id);
    }

    public override Task<PreloadVoicesResponse> PreloadVoices(PreloadVoicesRequest request, ServerCallContext context)
    {
        var ids = request.Ids.Select(id => id.Trim()).ToList();
        var (loaded, missing) = registry.Preload(ids.Where(id => !id.StartsWith(KokoroPrefix, StringComparison.Ordinal)));
        var response = new PreloadVoicesResponse { Loaded = loaded };
        response.Missing.Add(missing);
        foreach (var id in ids.Where(id => id.StartsWith(KokoroPrefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            if (kokoro is not null && kokoro.Packs.Contains(id[KokoroPrefix.Length..]))
            {
                kokoro.Packs.Pin([id[KokoroPrefix.Length..]]); // a pack (or blend) held in memory until the process ends or ClearCache drops pins
                response.Loaded++;
            }
            else
            {
                response.Missing.Add(id);
            }
        }
        return Task.FromResult(response);
    }

    /// <summary>Streams the install's progress; the last message carries the installed voice. A client that leaves cancels it.</summary>
    public override async Task InstallVoice(
        InstallVoiceRequest request, IServerStreamWriter<InstallVoiceProgress> responseStream, ServerCallContext context)
    {
        var token = context.CancellationToken;
        await foreach (var progress in installer.InstallAsync(request.Name, token))
        {
            await responseStream.WriteAsync(InstallProgressMapper.ToProto(progress, builtin), token);
        }
    }

    /// <summary>
    /// The upload's bytes in one block, copied once: each message's bytes are already their own buffer
    /// (the protobuf parser made them), so they are kept until the end and then laid side by side in an
    /// array of the exact total; a one-message upload is used as it came.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadAudioAsync(
        IAsyncStreamReader<CreateVoiceRequest> requestStream, long limit, CancellationToken token)
    {
        var chunks = new List<ByteString>();
        long total = 0;
        while (await requestStream.MoveNext(token))
        {
            var message = requestStream.Current;
            if (message.ContentCase != CreateVoiceRequest.ContentOneofCase.Audio)
            {
                throw TtsException.Invalid("Only the first message may carry the voice config; every later message must carry audio bytes.");
            }

            total += message.Audio.Length;
            if (total > limit)
            {
                throw new TtsException(
                    TtsErrorKind.ResourceExhausted,
                    $"The reference audio exceeds the upload limit of {limit / (1 << 20)} MiB; send a shorter recording (1 s to 5 min).");
            }

            if (!message.Audio.IsEmpty)
            {
                chunks.Add(message.Audio);
            }
        }

        if (chunks.Count == 0)
        {
            throw TtsException.Invalid("No audio was sent; stream the WAV file's bytes in messages after the config.");
        }

        if (chunks.Count == 1)
        {
            return chunks[0].Memory;
        }

        var audio = new byte[total]; // total <= limit <= 1 GiB, so it fits an array
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.Span.CopyTo(audio.AsSpan(offset));
            offset += chunk.Length;
        }

        return audio;
    }

    private void ValidateConfig(VoiceConfig config)
    {
        if (config.Name.Length > MaxNameLength)
        {
            throw TtsException.Invalid($"The voice name has {config.Name.Length} characters; the limit is {MaxNameLength}.");
        }

        if (!string.IsNullOrWhiteSpace(config.Language) && builtin.Find(config.Language) is null && builtin.Find(config.Language.Split('-')[0]) is null)
        {
            throw TtsException.Invalid($"Language '{config.Language}' is not one the engine speaks; call ListVoices for the languages.");
        }
    }

    private static TtsException NotFound(string id) =>
        new(TtsErrorKind.NotFound, $"Voice '{id}' does not exist (deleted, never created, or removed because its stored record was damaged). Call ListVoices for the available voices.");
}
