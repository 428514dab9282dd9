namespace TtsGrpc.Storage.Tests.Support;

/// <summary>Voice records for tests: a profile of float-like bytes (as the Core layer writes) or noise.</summary>
public static class TestVoices
{
    public static readonly DateTimeOffset Created = new(2025, 10, 9, 14, 30, 15, 123, TimeSpan.FromHours(2));

    public static StoredVoice Voice(string id, int seed = 1, int profileBytes = 2048, DateTimeOffset? created = null, string name = "Narrator") =>
        new(id, name, "en-us", $"Warm, slow voice for {id}", created ?? Created, Profile(profileBytes, seed));

    /// <summary>Little-endian floats of a slowly changing curve: compressible, like a real profile.</summary>
    public static byte[] Profile(int length, int seed)
    {
        var random = new Random(seed);
        var profile = new byte[length];
        for (int i = 0; i + 4 <= length; i += 4)
        {
            float value = MathF.Round(MathF.Sin(i / 64f) * 100) / 8 + (random.Next(0, 4) / 4f);
            BitConverter.TryWriteBytes(profile.AsSpan(i), value);
        }

        return profile;
    }

    public static byte[] Noise(int length, int seed)
    {
        var noise = new byte[length];
        new Random(seed).NextBytes(noise);
        return noise;
    }

    /// <summary>
    /// Ids the store refuses, by name; built here rather than in test attributes, whose strings are
    /// stored as UTF-8 and cannot hold a lone surrogate.
    /// </summary>
    public static string InvalidId(string kind) => kind switch
    {
        "empty" => "",
        "lone surrogate" => "voice_" + '\ud800',
        "129 characters" => new string('v', 129),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static void AssertSame(StoredVoice expected, StoredVoice? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Language, actual.Language);
        Assert.Equal(expected.Description, actual.Description);
        Assert.True(expected.Created.EqualsExact(actual.Created), $"created {expected.Created:O} vs {actual.Created:O}");
        Assert.Equal(expected.Profile, actual.Profile);
    }
}
