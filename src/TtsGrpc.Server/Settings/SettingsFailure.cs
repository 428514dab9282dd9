using Microsoft.Extensions.Options;

namespace TtsGrpc.Server.Settings;

/// <summary>Turns a start-up failure caused by settings into the lines an operator needs: one per bad key.</summary>
internal static class SettingsFailure
{
    /// <summary>The failures carried by <paramref name="exception"/>, or none when it is not about settings.</summary>
    public static IReadOnlyList<string> Lines(Exception exception) => exception switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException { InnerExceptions: var inner } when inner.All(e => e is OptionsValidationException) =>
            [.. inner.SelectMany(e => ((OptionsValidationException)e).Failures)],
        _ => [],
    };
}
