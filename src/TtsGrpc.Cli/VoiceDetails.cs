using System.Globalization;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary>How the voice commands show a voice: one "field  value" row per field.</summary>
internal static class VoiceDetails
{
    /// <summary>"created" from a recording, "installed" (Piper voices downloaded or copied in), or "built-in".</summary>
    public static string Kind(Voice voice) => !voice.Builtin ? "created" : voice.Engine == "piper" ? "installed" : "built-in";

    /// <summary>Every field of the voice; the profile only for created voices, which are the ones that have one.</summary>
    public static string[][] Rows(Voice voice)
    {
        List<string[]> rows =
        [
            ["id", voice.Id],
            ["name", OrDash(voice.Name)],
            ["kind", Kind(voice)],
            ["language", OrDash(voice.Language)],
            ["languages", voice.Languages.Count > 0 ? string.Join(", ", voice.Languages) : "-"],
            ["gender", OrDash(voice.Gender)],
            ["description", OrDash(voice.Description)],
            ["created", voice.CreatedUnixMs > 0
                ? DateTimeOffset.FromUnixTimeMilliseconds(voice.CreatedUnixMs).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
                : "-"],
        ];
        if (voice.SampleRateHz > 0)
        {
            rows.Add(["sample rate", Format($"{voice.SampleRateHz} Hz")]);
        }

        if (voice.Quality.Length > 0)
        {
            rows.Add(["quality", voice.Quality]);
        }

        if (voice.Speakers.Count > 0)
        {
            rows.Add(["speakers", string.Join(", ", voice.Speakers)]);
        }

        if (voice.BaseVoice.Length > 0)
        {
            rows.Add(["base voice", voice.BaseVoice]);
        }

        if (voice.UnavailableReason.Length > 0)
        {
            rows.Add(["unavailable", voice.UnavailableReason]);
        }

        if (!voice.Builtin && voice.Profile is { } profile)
        {
            rows.AddRange(ProfileRows(profile));
        }

        return [.. rows];
    }

    /// <summary>The measurements taken from a created voice's reference recording.</summary>
    public static string[][] ProfileRows(VoiceProfileSummary profile) =>
    [
        ["f0 median", Format($"{profile.F0MedianHz:0.0} Hz")],
        ["f0 p10..p90", Format($"{profile.F0P10Hz:0.0} .. {profile.F0P90Hz:0.0} Hz")],
        ["duration", Format($"{profile.DurationS:0.00} s")],
        ["loudness", Format($"{profile.LoudnessDbfs:0.0} dBFS")],
        ["voiced ratio", Format($"{profile.VoicedRatio * 100:0.0} %")],
    ];

    private static string OrDash(string value) => string.IsNullOrWhiteSpace(value) ? "-" : value;

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
