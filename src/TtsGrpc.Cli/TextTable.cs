namespace TtsGrpc.Cli;

/// <summary>Plain-text tables for the listing commands: columns two spaces apart, no trailing spaces.</summary>
internal static class TextTable
{
    /// <summary>
    /// Writes <paramref name="rows"/> (the first is the header) with every column as wide as its widest
    /// cell; the columns in <paramref name="rightAligned"/> (numbers) are padded on the left.
    /// </summary>
    public static async Task WriteAsync(TextWriter writer, IReadOnlyList<string[]> rows, params int[] rightAligned)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => rightAligned.Contains(c) ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            await writer.WriteLineAsync(string.Join("  ", cells).TrimEnd());
        }
    }
}
