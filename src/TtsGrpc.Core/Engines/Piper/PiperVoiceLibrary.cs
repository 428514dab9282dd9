using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using TtsGrpc.Core.Engines.Piper.Internal;

namespace TtsGrpc.Core.Engines.Piper;

/// <summary>
/// The voices directory: every <c>&lt;stem&gt;.onnx</c> with a <c>&lt;stem&gt;.onnx.json</c> beside it is a voice.
/// Each file is hashed and checked once per change (length and modification time tell); a lookup notices a
/// replaced file, and a listing notices added or removed ones, so copying voices in works without a restart.
/// </summary>
public sealed class PiperVoiceLibrary
{
    internal static readonly string[] RequiredInputs = ["input", "input_lengths", "scales"];
    private readonly ConcurrentDictionary<string, PiperVoiceFiles> _voices = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly Lock _scan = new();
    private long _directoryStamp; // ticks of the directory's last write when it was last read

    public PiperVoiceLibrary(string directory, ILogger<PiperVoiceLibrary> logger)
    {
        Directory = Path.GetFullPath(directory);
        _logger = logger;
        Refresh();
    }

    public string Directory { get; }

    /// <summary>Every voice found, usable or not, by stem.</summary>
    public IReadOnlyList<PiperVoiceFiles> Voices
    {
        get
        {
            RefreshIfDirectoryChanged();
            return [.. _voices.Values.OrderBy(v => v.Stem, StringComparer.Ordinal)];
        }
    }

    /// <summary>The voice with this stem as its files are now (re-read when either file changed), or null.</summary>
    public PiperVoiceFiles? Get(string stem)
    {
        RefreshIfDirectoryChanged();
        if (!_voices.TryGetValue(stem, out var known))
        {
            return null;
        }

        if (FileStamp.Of(known.ModelPath) == known.ModelStamp && FileStamp.Of(known.ConfigPath) == known.ConfigStamp)
        {
            return known;
        }

        lock (_scan)
        {
            return Load(stem);
        }
    }

    /// <summary>Reads the directory again: new voices appear, removed ones go, changed files are re-read.</summary>
    public void Refresh()
    {
        lock (_scan)
        {
            Interlocked.Exchange(ref _directoryStamp, DirectoryStamp());
            var stems = System.IO.Directory.Exists(Directory)
                ? System.IO.Directory.EnumerateFiles(Directory, "*.onnx").Select(p => Path.GetFileNameWithoutExtension(p)).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var gone in _voices.Keys.Where(s => !stems.Contains(s)).ToList())
            {
                _voices.TryRemove(gone, out _);
            }

            foreach (var stem in stems)
            {
                if (!_voices.TryGetValue(stem, out var known)
                    || FileStamp.Of(known.ModelPath) != known.ModelStamp || FileStamp.Of(known.ConfigPath) != known.ConfigStamp)
                {
                    Load(stem);
                }
            }
        }
    }

    private void RefreshIfDirectoryChanged()
    {
        if (DirectoryStamp() != Interlocked.Read(ref _directoryStamp))
        {
            Refresh();
        }
    }

    private long DirectoryStamp() => System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetLastWriteTimeUtc(Directory).Ticks : 0;

    /// <summary>Reads, hashes and checks one voice's files; a problem is logged once and kept with the voice.</summary>
    private PiperVoiceFiles? Load(string stem)
    {
        var model = Path.Combine(Directory, stem + ".onnx");
        var config = model + ".json";
        var modelStamp = FileStamp.Of(model);
        var configStamp = FileStamp.Of(config);
        if (modelStamp == default)
        {
            _voices.TryRemove(stem, out _);
            return null;
        }

        PiperVoiceConfig? parsed = null;
        string modelHash = "", configHash = "";
        var alignment = false;
        string? problem;
        try
        {
            modelHash = Sha256(model);
            if (configStamp == default)
            {
                throw new PiperVoiceException($"{config} is missing; a Piper voice is an .onnx file with its .onnx.json config beside it");
            }

            var json = File.ReadAllBytes(config);
            configHash = Convert.ToHexStringLower(SHA256.HashData(json));
            parsed = ParseConfig(config, json);
            alignment = CheckModel(model, parsed);
            problem = null;
        }
        catch (Exception e) when (e is PiperVoiceException or IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            PiperLog.BadVoice(_logger, "piper:" + stem, problem);
        }

        var voice = new PiperVoiceFiles(stem, model, config, parsed, modelHash, configHash, problem)
        {
            HasAlignment = alignment,
            ModelStamp = modelStamp,
            ConfigStamp = configStamp,
        };
        _voices[stem] = voice;
        return voice;
    }

    private static PiperVoiceConfig ParseConfig(string path, byte[] json)
    {
        try
        {
            return PiperVoiceConfig.Parse(json);
        }
        catch (FormatException e)
        {
            throw new PiperVoiceException($"{path} is not a usable Piper voice config: {e.Message}");
        }
    }

    /// <summary>The model must take Piper's inputs (sid exactly when the config has speakers); returns whether it has the alignment output.</summary>
    private static bool CheckModel(string path, PiperVoiceConfig config)
    {
        OnnxModelInputs.Signature signature;
        try
        {
            signature = OnnxModelInputs.Read(path);
        }
        catch (FormatException e)
        {
            throw new PiperVoiceException($"{path} cannot be used: {e.Message}");
        }

        var names = signature.Inputs.Select(i => i.Name).ToList();
        var expected = config.MultiSpeaker ? [.. RequiredInputs, "sid"] : RequiredInputs;
        if (!names.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)))
        {
            var speakers = config.MultiSpeaker ? $"its config has {config.NumSpeakers} speakers" : "its config has one speaker";
            throw new PiperVoiceException(
                $"{path} takes inputs ({string.Join(", ", names)}), not a Piper voice's ({string.Join(", ", expected)}) as {speakers}");
        }

        foreach (var input in signature.Inputs)
        {
            var want = input.Name == "scales" ? OnnxModelInputs.Float : OnnxModelInputs.Int64;
            if (input.ElementType != want)
            {
                throw new PiperVoiceException(
                    $"{path} declares input '{input.Name}' with ONNX element type {input.ElementType}; a Piper voice has {(want == OnnxModelInputs.Float ? "float32" : "int64")}");
            }
        }

        if (signature.Outputs[0].ElementType != OnnxModelInputs.Float)
        {
            throw new PiperVoiceException($"{path}'s first output '{signature.Outputs[0].Name}' is not float32 audio");
        }

        return signature.Outputs.Count > 1;
    }

    private static string Sha256(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
