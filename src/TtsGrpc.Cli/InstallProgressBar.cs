using System.Diagnostics;
using System.Globalization;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary>
/// Reports a voice install on stderr as its progress messages arrive. On a terminal, one line redrawn in place:
/// the file being downloaded, a bar and the percentage of the whole voice, bytes done of all, and the rate. Written to
/// a file or a pipe, where a redrawn line would pile up, one line per file once it is complete.
/// </summary>
internal sealed class InstallProgressBar(TextWriter writer, bool interactive, bool quiet)
{
    private const int BarWidth = 24;

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly HashSet<string> _completed = new(StringComparer.Ordinal);
    private int _lineLength;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public void Add(InstallVoiceProgress progress)
    {
        if (quiet)
        {
            return;
        }

        if (interactive)
        {
            Redraw(progress);
        }
        else if (progress.BytesDone == progress.BytesTotal && _completed.Add(progress.File))
        {
            writer.WriteLine($"{progress.File}: {Size(progress.BytesTotal)}");
        }
    }

    /// <summary>Ends the redrawn line, so what follows starts on a line of its own.</summary>
    public void Complete()
    {
        if (_lineLength > 0)
        {
            writer.WriteLine();
            _lineLength = 0;
        }
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1_000_000 => Format($"{bytes / 1e6:0.0} MB"),
        >= 1_000 => Format($"{bytes / 1e3:0.0} kB"),
        _ => Format($"{bytes} B"),
    };

    private void Redraw(InstallVoiceProgress progress)
    {
        var fraction = progress.VoiceBytesTotal > 0 ? (double)progress.VoiceBytesDone / progress.VoiceBytesTotal : 1;
        var filled = (int)Math.Round(fraction * BarWidth);
        var seconds = Elapsed.TotalSeconds;
        var rate = seconds > 0.2 ? Size((long)(progress.VoiceBytesDone / seconds)) + "/s" : "";
        var bar = new string('#', filled) + new string('-', BarWidth - filled);
        var line = Format($"{progress.File} [{bar}] {fraction * 100,3:0}%  {Size(progress.VoiceBytesDone)} of {Size(progress.VoiceBytesTotal)}  {rate}")
            .TrimEnd();
        writer.Write("\r" + line.PadRight(_lineLength));
        _lineLength = line.Length;
    }

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
