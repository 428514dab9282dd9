using System.Collections;
using System.ComponentModel;
using System.Reflection;

namespace TtsGrpc.Server.Settings;

/// <summary>
/// The keys the registered options classes declare: each section's path, each public property under it, and the
/// properties of a property whose type is a class of settings. Lists and dictionaries take any key below them.
/// </summary>
internal sealed class KnownSettings
{
    private const int MaxDepth = 4;
    private readonly List<(string[] Path, Type Type)> _sections;
    private readonly List<string[]> _declared = [];
    private readonly List<string[]> _groups = [];

    public KnownSettings(IEnumerable<SettingsSection> sections)
    {
        _sections = sections
            .DistinctBy(section => section.Path, StringComparer.OrdinalIgnoreCase)
            .Select(section => (section.Path.Split(ConfigurationPath.KeyDelimiter), section.OptionsType))
            .ToList();
        foreach (var (path, type) in _sections)
        {
            _declared.Add(path);
            _groups.Add(path);
            Declare(path, type, 0);
        }
    }

    /// <summary>
    /// The index of the first segment of <paramref name="key"/> that nothing declares, or null when an option reads
    /// it. A value on a section itself ("Tts:Synthesis" = "3") is read by nothing unless it is empty (an empty object
    /// in JSON).
    /// </summary>
    public int? FirstUnknown(string key, string value)
    {
        var segments = key.Split(ConfigurationPath.KeyDelimiter);
        var unknown = FirstUndeclared(segments, value);
        // "Tts:Engines:Kokoro:…" with only Tts:Engines:Piper registered: Tts:Engines is known, Kokoro is not.
        var shared = _sections.Max(s => s.Path.Zip(segments).TakeWhile(p => p.First.Equals(p.Second, StringComparison.OrdinalIgnoreCase)).Count());
        return unknown < shared && shared < segments.Length ? shared : unknown;
    }

    private int? FirstUndeclared(string[] segments, string value)
    {
        var (section, type) = _sections
            .Where(s => s.Path.Length <= segments.Length && s.Path.SequenceEqual(segments[..s.Path.Length], StringComparer.OrdinalIgnoreCase))
            .MaxBy(s => s.Path.Length);
        if (section is null)
        {
            return 0;
        }

        if (section.Length == segments.Length)
        {
            return value.Length == 0 ? null : segments.Length - 1;
        }

        for (var i = section.Length; i < segments.Length; i++)
        {
            var property = Property(type, segments[i]);
            if (property is null)
            {
                return i;
            }

            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsList(propertyType))
            {
                return null; // list indices or dictionary keys: the binder reads any of them
            }

            if (IsScalar(propertyType))
            {
                return i == segments.Length - 1 ? null : i + 1;
            }

            type = propertyType;
        }

        return value.Length == 0 ? null : segments.Length - 1; // a value on a class of settings
    }

    /// <summary>Whether <paramref name="segments"/> name a section or a class of settings, not a value.</summary>
    public bool IsGroup(string[] segments) =>
        _groups.Any(group => group.SequenceEqual(segments, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// What an unknown key probably meant: a declared key one typo away from its unknown part ("Lookahaed",
    /// "Synthsis"), else the same name in another section ("Tts:Lookahead" → "Tts:Synthesis:Lookahead"). The
    /// segments after the unknown one are kept ("Tts:Auth:AdminKey:0" → "Tts:Auth:AdminKeys:0").
    /// </summary>
    public string? Suggest(string[] segments, int unknown)
    {
        var head = string.Join(ConfigurationPath.KeyDelimiter, segments[..(unknown + 1)]);
        var rest = segments[(unknown + 1)..];
        var allowed = Math.Clamp(segments[unknown].Length / 4, 1, 3);
        var close = _declared
            .Where(path => path.Length == unknown + 1)
            .Select(path => (Path: path, Distance: Distance(string.Join(ConfigurationPath.KeyDelimiter, path), head)))
            .Where(c => c.Distance > 0 && c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .Select(c => c.Path)
            .FirstOrDefault();
        var moved = _declared.FirstOrDefault(path => path.Length > 1 && path[^1].Equals(segments[unknown], StringComparison.OrdinalIgnoreCase));
        return (close ?? moved) is { } found ? string.Join(ConfigurationPath.KeyDelimiter, found.Concat(rest)) : null;
    }

    private void Declare(string[] path, Type type, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            string[] key = [.. path, property.Name];
            _declared.Add(key);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (depth < MaxDepth && !IsScalar(propertyType) && !IsList(propertyType))
            {
                _groups.Add(key);
                Declare(key, propertyType, depth + 1);
            }
        }
    }

    private static PropertyInfo? Property(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);

    /// <summary>A type bound from one string: numbers, text, enums, durations.</summary>
    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    private static bool IsList(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    /// <summary>Edit distance, case-insensitive, counting a swap of two neighbours as one edit (Lookahaed → Lookahead).</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
