using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace TtsGrpc.Server.Settings;

/// <summary>
/// Checks an options class's data annotations, then its <see cref="IValidatableObject"/> rules, and words each
/// failure with the configuration key and the value it has ("The field Tts:Synthesis:Lookahead must be between
/// 0 and 64; it is -1."). The stock data-annotation validator names only the class and the property.
/// </summary>
internal sealed class AnnotatedSettingsValidator<TOptions>(string sectionPath) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = new List<string>();
        foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(options);
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = $"{sectionPath}:{property.Name}" };
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (attribute.GetValidationResult(value, context) is { ErrorMessage: { } message })
                {
                    failures.Add($"{message.TrimEnd('.')}; it is {Show(value)}.");
                }
            }
        }

        if (failures.Count == 0 && options is IValidatableObject validatable)
        {
            failures.AddRange(validatable.Validate(new ValidationContext(options)).Select(result => result.ErrorMessage ?? "invalid"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Show(object? value) => value switch
    {
        null => "not set",
        string { Length: 0 } => "empty",
        string text => $"'{text}'",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
