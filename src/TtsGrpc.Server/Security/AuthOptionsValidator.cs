using Microsoft.Extensions.Options;

namespace TtsGrpc.Server.Security;

/// <summary>Stops start-up on a key that could not be sent as metadata or is too short to be secret; names the key, never its value.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        Check(options.AdminKeys, nameof(AuthOptions.AdminKeys), failures);
        Check(options.ClientKeys, nameof(AuthOptions.ClientKeys), failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(IList<string> keys, string list, List<string> failures)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var setting = $"{AuthOptions.Section}:{list}:{i}";
            if (key.Length < AuthOptions.MinimumKeyLength)
            {
                failures.Add($"{setting} is {key.Length} characters long; API keys need at least {AuthOptions.MinimumKeyLength} (e.g. 32 random bytes as base64).");
            }
            else if (!key.All(IsKeyCharacter))
            {
                failures.Add($"{setting} holds a space or a character outside printable ASCII; API keys travel as metadata and must be printable ASCII without spaces.");
            }
        }
    }

    private static bool IsKeyCharacter(char c) => c is > ' ' and < '\u007f';
}
