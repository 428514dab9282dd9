using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>The shared tier on Debian's redis-server, started by the test on a free loopback port.</summary>
[Collection(ProcessWideMeters.Name)]
public sealed class SharedTierRedisTests : SharedTierTests
{
    protected override async Task<RespServer> StartServerAsync() => await RedisServerProcess.StartAsync();
}
