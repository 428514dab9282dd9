using System.Reflection;
using TtsGrpc.Server.Logging;

namespace TtsGrpc.Server.Settings;

/// <summary>
/// Warns at start about values under a registered section that no option reads: a misspelt key, or one at the
/// wrong level ("Tts:Lookahead" for "Tts:Synthesis:Lookahead"), which would otherwise be ignored in silence.
/// Only values are checked; a sub-section that is not registered here may belong to another component.
/// </summary>
internal sealed class UnknownSettingsCheck(
    IConfiguration configuration, IEnumerable<SettingsSection> sections, ILogger<UnknownSettingsCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var known = sections.DistinctBy(section => section.Path, StringComparer.OrdinalIgnoreCase)
            .Select(section => (section.Path, Keys: Properties(section.OptionsType)))
            .ToList();
        foreach (var (path, keys) in known)
        {
            foreach (var child in configuration.GetSection(path).GetChildren())
            {
                if (child.Value is null || keys.Contains(child.Key))
                {
                    continue;
                }

                var elsewhere = known.Where(other => other.Keys.Contains(child.Key)).Select(other => $"{other.Path}:{child.Key}").FirstOrDefault();
                ConfigurationLog.UnknownSetting(logger, child.Path, elsewhere is null ? "" : $"; did you mean {elsewhere}?");
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static HashSet<string> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
