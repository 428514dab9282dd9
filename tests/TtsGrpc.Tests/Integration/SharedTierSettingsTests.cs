using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TtsGrpc.Server;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>Tts:Cache:Redis settings that cannot work stop the start with the key, the value and what would do.</summary>
public sealed class SharedTierSettingsTests
{
    public static TheoryData<string, string> BadSettings => new()
    {
        { "--Tts:Cache:Redis:Configuration=,,,", "Tts:Cache:Redis:Configuration" },
        { "--Tts:Cache:Redis:LeaseWait=00:00:00", "Tts:Cache:Redis:LeaseWait" },
        { "--Tts:Cache:Redis:OperationTimeout=-00:00:01", "Tts:Cache:Redis:OperationTimeout" },
        { "--Tts:Cache:Redis:EntryTtl=00:00:00.5", "Tts:Cache:Redis:EntryTtl" },
        { "--Tts:Cache:Redis:MaxValueBytes=10", "Tts:Cache:Redis:MaxValueBytes" },
        { "--Tts:Cache:Redis:WriteQueueCapacity=0", "Tts:Cache:Redis:WriteQueueCapacity" },
        { "--Tts:Cache:Redis:LeaseTime=soon", "Tts:Cache:Redis:LeaseTime" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Build_BadSharedTierSetting_FailsNamingTheKey(string setting, string key)
    {
        using var directory = new TempDirectory();
        var failure = Assert.Throws<OptionsValidationException>(() => ServerApp.Build(
            ["--urls", "http://127.0.0.1:0", $"--Tts:DataDirectory={directory.Path}", "--Tts:Cache:Redis:Configuration=127.0.0.1:1", setting],
            builder => builder.Logging.ClearProviders()));
        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }
}
