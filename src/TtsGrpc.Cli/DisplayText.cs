namespace TtsGrpc.Cli;

/// <summary>Fits user text into one line of a report.</summary>
internal static class DisplayText
{
    /// <summary>Collapses whitespace (newlines included) and ellipsizes past <paramref name="width"/> characters.</summary>
    public static string OneLine(string text, int width)
    {
        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= width ? oneLine : string.Concat(oneLine.AsSpan(0, width - 1), "…");
    }
}
