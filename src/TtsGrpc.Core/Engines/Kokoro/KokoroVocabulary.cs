using System.Text.Json;

namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>
/// A Kokoro model's phoneme vocabulary: one character → one id (1..177 in Kokoro-82M), read from the "vocab" object of
/// its config.json, which newer exports also embed in the model's <c>kokoro_config</c> metadata.
/// </summary>
public sealed class KokoroVocabulary
{
    /// <summary>The most ids one run takes between its two pads (512 is the text encoder's context).</summary>
    public const int MaxIds = 510;

    private readonly Dictionary<int, long> _ids;

    private KokoroVocabulary(Dictionary<int, long> ids) => _ids = ids;

    public int Count => _ids.Count;

    /// <summary>Reads config.json's text; a config without a usable vocab throws <see cref="FormatException"/> saying why.</summary>
    public static KokoroVocabulary Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"it is not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("it has no \"vocab\" object (character → id)");
            }

            var ids = new Dictionary<int, long>();
            foreach (var entry in vocab.EnumerateObject())
            {
                var runes = entry.Name.EnumerateRunes().ToArray();
                if (runes.Length != 1 || entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt64(out var id) || id <= 0)
                {
                    throw new FormatException($"vocab entry '{entry.Name}' is not one character with a positive id");
                }

                ids[runes[0].Value] = id;
            }

            return ids.Count > 0 ? new KokoroVocabulary(ids) : throw new FormatException("its \"vocab\" is empty");
        }
    }

    /// <summary>The ids of <paramref name="phonemes"/>; characters outside the vocabulary are dropped and counted.</summary>
    public long[] ToIds(string phonemes, out int dropped) =>
        ToIds([.. phonemes.EnumerateRunes().Select(r => r.Value)], new int[phonemes.Length], out dropped);

    /// <summary>
    /// The ids of phoneme code points <paramref name="phonemes"/>, and in <paramref name="idOf"/> which id each
    /// became (-1: dropped, counted in <paramref name="dropped"/>).
    /// </summary>
    internal long[] ToIds(ReadOnlySpan<int> phonemes, Span<int> idOf, out int dropped)
    {
        var ids = new List<long>(phonemes.Length);
        dropped = 0;
        for (var k = 0; k < phonemes.Length; k++)
        {
            if (_ids.TryGetValue(phonemes[k], out var id))
            {
                idOf[k] = ids.Count;
                ids.Add(id);
            }
            else
            {
                idOf[k] = -1;
                dropped++;
            }
        }

        return [.. ids];
    }

    public bool Contains(int codePoint) => _ids.ContainsKey(codePoint);
}
