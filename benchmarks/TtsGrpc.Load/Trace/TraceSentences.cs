namespace TtsGrpc.Load.Trace;

/// <summary>
/// Distinct short sentences, the same list for the same count on every run: "Maria found the blue parcel
/// this morning." Each is one sentence with no inner terminator, abbreviation or clause mark and well under
/// the segment cap, so the server makes exactly one segment of it (a request is then one cache lookup).
/// Sentence i is the i-th point of a mixed-radix grid of names × verbs × adjectives × nouns × times, walked
/// with a stride coprime to the grid's size so neighbouring ranks differ in every word.
/// </summary>
internal static class TraceSentences
{
    private static readonly string[] Names =
    [
        "Maria", "Peter", "Aisha", "Tom", "Elena", "David", "Grace", "Omar",
        "Sophie", "Daniel", "Nina", "Lucas", "Hannah", "Victor", "Chloe", "Samuel",
    ];

    private static readonly string[] Verbs =
    [
        "found", "packed", "painted", "sold", "bought", "moved", "cleaned", "fixed",
        "wrapped", "carried", "ordered", "returned", "checked", "borrowed", "opened", "hid",
    ];

    private static readonly string[] Adjectives =
    [
        "blue", "old", "heavy", "small", "green", "wooden", "broken", "shiny",
        "yellow", "quiet", "empty", "warm", "silver", "tiny", "red", "round",
    ];

    private static readonly string[] Nouns =
    [
        "parcel", "lamp", "chair", "basket", "kettle", "bicycle", "window", "ladder",
        "blanket", "guitar", "mirror", "suitcase", "table", "teapot", "drawer", "radio",
    ];

    private static readonly string[] Times =
    [
        "this morning", "last night", "on Monday", "after lunch", "before dinner", "at noon", "yesterday", "on Friday",
    ];

    /// <summary>How many distinct sentences the grid holds.</summary>
    public static int Capacity => Names.Length * Verbs.Length * Adjectives.Length * Nouns.Length * Times.Length;

    // Odd and not a multiple of the grid's only prime factor (2), so i → i × Stride mod Capacity is a bijection.
    private const long Stride = 104_729;

    public static string Sentence(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
        var point = (int)(index * Stride % Capacity);
        var name = Names[point % Names.Length];
        point /= Names.Length;
        var verb = Verbs[point % Verbs.Length];
        point /= Verbs.Length;
        var adjective = Adjectives[point % Adjectives.Length];
        point /= Adjectives.Length;
        var noun = Nouns[point % Nouns.Length];
        point /= Nouns.Length;
        return $"{name} {verb} the {adjective} {noun} {Times[point]}.";
    }

    public static string[] First(int count) => Enumerable.Range(0, count).Select(Sentence).ToArray();
}
