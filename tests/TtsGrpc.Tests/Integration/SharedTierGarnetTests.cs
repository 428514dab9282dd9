using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>The shared tier on Garnet, started in the test process: the commands it uses are not Redis's alone.</summary>
[Collection(ProcessWideMeters.Name)]
public sealed class SharedTierGarnetTests : SharedTierTests
{
    protected override async Task<RespServer> StartServerAsync() => await GarnetInProcess.StartAsync();
}
