using TtsGrpc.Storage;

namespace TtsGrpc.Storage.Tests.Store;

/// <summary>The client options the shared tier connects with: short timeouts unless the configuration string names its own.</summary>
public sealed class SharedStoreOptionsTests
{
    [Fact]
    public void ClientOptions_PlainConfiguration_TakesTheTierTimeoutsAndNeverAbortsOrQueues()
    {
        var options = new SharedStoreOptions
        {
            Configuration = "redis.example:6380",
            OperationTimeout = TimeSpan.FromMilliseconds(300),
            ConnectTimeout = TimeSpan.FromSeconds(3),
        };

        var client = SharedStore.ClientOptions(options);

        Assert.Equal(300, client.SyncTimeout);
        Assert.Equal(300, client.AsyncTimeout);
        Assert.Equal(3000, client.ConnectTimeout);
        Assert.False(client.AbortOnConnectFail);
        Assert.Same(StackExchange.Redis.BacklogPolicy.FailFast, client.BacklogPolicy);
    }

    [Fact]
    public void ClientOptions_ConfigurationWithItsOwnTimeouts_KeepsThem()
    {
        var options = new SharedStoreOptions { Configuration = "redis.example:6380,syncTimeout=1500,asyncTimeout=1200,connectTimeout=9000" };

        var client = SharedStore.ClientOptions(options);

        Assert.Equal(1500, client.SyncTimeout);
        Assert.Equal(1200, client.AsyncTimeout);
        Assert.Equal(9000, client.ConnectTimeout);
    }
}
