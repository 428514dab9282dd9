using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace TtsGrpc.Server.Settings;

/// <summary>
/// Binds a section to its options class after checking that every value converts to its property's type, so
/// "Tts:Backend=Gpu" is refused as a setting (key, value, what would do) instead of a binder exception.
/// </summary>
internal static class SectionBinder
{
    public static void Bind<TOptions>(IConfigurationSection section, TOptions options)
        where TOptions : class
    {
        var failures = new List<string>();
        foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } && section[property.Name] is { } value && !Converts(value, property.PropertyType))
            {
                failures.Add($"{section.Path}:{property.Name} is '{value}'; {Expected(property)}.");
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), failures);
        }

        section.Bind(options);
    }

    private static bool Converts(string value, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            // Names only: the binder would also take any number, which means nothing to a reader.
            return Enum.GetNames(type).Contains(value.Trim(), StringComparer.OrdinalIgnoreCase);
        }

        var converter = TypeDescriptor.GetConverter(type);
        if (type == typeof(string) || !converter.CanConvertFrom(typeof(string)))
        {
            return true; // strings, and lists or objects whose own keys are checked when they bind
        }

        try
        {
            converter.ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return false;
        }
    }

    private static string Expected(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var range = property.GetCustomAttribute<RangeAttribute>() is { } r ? $" from {r.Minimum} to {r.Maximum}" : "";
        return type.IsEnum ? $"use one of {string.Join(", ", Enum.GetNames(type))}"
            : type == typeof(int) || type == typeof(long) ? $"use a whole number{range}"
            : type == typeof(double) || type == typeof(float) ? $"use a number{range}"
            : type == typeof(bool) ? "use true or false"
            : type == typeof(TimeSpan) ? "use a duration such as 00:00:30"
            : $"use a value of type {type.Name}";
    }
}
