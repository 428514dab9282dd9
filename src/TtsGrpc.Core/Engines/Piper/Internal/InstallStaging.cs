using System.Security.Cryptography;

namespace TtsGrpc.Core.Engines.Piper.Internal;

/// <summary>
/// The files one install writes. Each is downloaded under a temp name beside its final one,
/// <c>.&lt;file&gt;.partial-&lt;random&gt;</c>, which the library never reads (it lists <c>*.onnx</c>); <see cref="Commit"/>
/// renames them into place in the order they were staged, so the config, staged last, appears last. Disposing
/// removes whatever was not committed: a failed or cancelled install leaves the directory as it found it.
/// </summary>
internal sealed class InstallStaging(string directory) : IDisposable
{
    private const string Marker = ".partial-";
    private readonly string _suffix = Marker + RandomNumberGenerator.GetHexString(12, lowercase: true);
    private readonly List<(string Temp, string Target)> _staged = [];

    public string Target(string name) => Path.Combine(directory, name);

    /// <summary>The temp path <paramref name="name"/> is downloaded to; it is renamed to <see cref="Target"/> on commit.</summary>
    public string Stage(string name)
    {
        var temp = Path.Combine(directory, "." + name + _suffix);
        _staged.Add((temp, Target(name)));
        return temp;
    }

    /// <summary>Renames every staged file into place (an atomic replace each); if one fails, those already placed are removed.</summary>
    public void Commit()
    {
        var placed = new List<string>();
        try
        {
            foreach (var (temp, target) in _staged)
            {
                File.Move(temp, target, overwrite: true);
                placed.Add(target);
            }

            _staged.Clear();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var target in placed)
            {
                TryDelete(target);
            }

            throw new TtsException(
                TtsErrorKind.FailedPrecondition,
                $"The downloaded files could not be put in place in {directory} ({e.Message}); check that this user can write there " +
                "(Tts:Engines:Piper:VoicesDirectory), then install again.");
        }
    }

    /// <summary>
    /// Removes temp files of <paramref name="name"/> not written to for <paramref name="age"/>: left by an install that
    /// was killed, since a live one writes at least once per stall timeout. Returns the paths removed.
    /// </summary>
    public static IReadOnlyList<string> RemoveAbandoned(string directory, string name, TimeSpan age)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory, "." + name + Marker + "*"))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > age && TryDelete(path))
            {
                removed.Add(path);
            }
        }

        return removed;
    }

    public void Dispose()
    {
        foreach (var (temp, _) in _staged)
        {
            TryDelete(temp);
        }

        _staged.Clear();
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // a file that cannot be removed now is removed as abandoned by a later install
        }
    }
}
