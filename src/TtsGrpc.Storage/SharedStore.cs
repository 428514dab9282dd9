using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

/// <summary>
/// The shared tier of the segment cache on a RESP server, through StackExchange.Redis. A value is exactly the disk
/// tier's frame (<see cref="AudioFrame"/>: magic, version, codec, lengths, xxHash64, LZ4 payload), so a value read
/// here is verified as a disk read is: one that fails is never returned, it is deleted and counted. Nothing here
/// throws for the server's sake: a server that is down, slow or failing makes each call answer "no answer" within
/// <see cref="SharedStoreOptions.OperationTimeout"/>, and the caller carries on with its local tiers. The connection
/// is made in the background (a server down at start does not fail the start) and remade by the client library
/// when the server returns. It lives in Storage because the frame codec does: one place writes and checks values.
/// </summary>
public sealed partial class SharedStore : IDisposable
{
    private readonly SharedStoreOptions _options;
    private readonly ILogger _logger;
    private readonly Task<ConnectionMultiplexer?> _connecting;
    private readonly Lock _stateGate = new();
    private bool? _up; // null until the first state is known, so the first one is logged once too
    private long _corrupt;
    private long _writes;
    private long _writeFailures;
    private long _oversized;
    private long _failures;
    private long _skipped;
    private long _stateChanges;
    private volatile bool _disposed;

    public SharedStore(SharedStoreOptions options, ILogger<SharedStore> logger)
    {
        _options = options;
        _logger = logger;
        _connecting = ConnectAsync(ClientOptions(options));
    }

    public SharedStoreOptions Options => _options;

    /// <summary>Whether a connection to the server is up now.</summary>
    public bool Connected => Connection is { IsConnected: true };

    public SharedStoreStats Stats => new(
        Connected, Interlocked.Read(ref _corrupt), Interlocked.Read(ref _writes), Interlocked.Read(ref _writeFailures),
        Interlocked.Read(ref _oversized), Interlocked.Read(ref _failures), Interlocked.Read(ref _skipped), Interlocked.Read(ref _stateChanges));

    private ConnectionMultiplexer? Connection => _connecting.IsCompletedSuccessfully ? _connecting.Result : null;

    /// <summary>The client's options from <see cref="SharedStoreOptions.Configuration"/>, with this tier's timeouts where the string sets none.</summary>
    internal static ConfigurationOptions ClientOptions(SharedStoreOptions options)
    {
        var client = ConfigurationOptions.Parse(options.Configuration);
        var given = options.Configuration.ToLowerInvariant();
        var operationMs = (int)Math.Ceiling(options.OperationTimeout.TotalMilliseconds);
        if (!given.Contains("connecttimeout=", StringComparison.Ordinal))
        {
            client.ConnectTimeout = (int)Math.Ceiling(options.ConnectTimeout.TotalMilliseconds);
        }

        if (!given.Contains("synctimeout=", StringComparison.Ordinal))
        {
            client.SyncTimeout = operationMs;
        }

        if (!given.Contains("asynctimeout=", StringComparison.Ordinal))
        {
            client.AsyncTimeout = operationMs;
        }

        client.AbortOnConnectFail = false; // keep trying in the background; the replica serves without the tier meanwhile
        client.BacklogPolicy = BacklogPolicy.FailFast; // never queue a request's command behind a dead connection
        client.ClientName ??= "ttsgrpc";
        // Retry soon after a server returns (the default backs off to tens of seconds): sharing resumes within seconds.
        client.ReconnectRetryPolicy = new ExponentialRetry(500, 5000);
        return client;
    }

    public void Dispose()
    {
        _disposed = true;
        if (Connection is { } connection)
        {
            connection.Dispose();
        }
        else
        {
            // Still connecting: close it when the attempt ends, without waiting here.
            _ = _connecting.ContinueWith(t => t.Result?.Dispose(), TaskScheduler.Default);
        }
    }

    private RedisKey ValueKey(byte[] key) => _options.KeyPrefix + "seg:" + Convert.ToHexStringLower(key);

    private RedisKey LeaseKey(byte[] key) => _options.KeyPrefix + "lease:" + Convert.ToHexStringLower(key);

    private async Task<ConnectionMultiplexer?> ConnectAsync(ConfigurationOptions client)
    {
        await Task.Yield(); // the start of the service does not wait for the server
        try
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(client);
            connection.ConnectionFailed += (_, e) => MarkDown(e.Exception?.Message ?? e.FailureType.ToString());
            connection.ConnectionRestored += (_, _) => MarkUp();
            if (connection.IsConnected)
            {
                MarkUp();
            }
            else
            {
                MarkDown("no connection could be made");
            }

            return connection;
        }
        catch (Exception e) when (e is RedisException or ArgumentException or System.Net.Sockets.SocketException)
        {
            // Only a configuration the client cannot use at all ends here (AbortOnConnectFail is off).
            SharedStoreLog.ConnectFailed(_logger, Describe(client), e);
            return null;
        }
    }

    /// <summary>
    /// Runs one command within the operation timeout; false when it could not: not connected, failed, timed out.
    /// The request's own cancellation still throws.
    /// </summary>
    private async Task<(bool Ok, T Value)> RunAsync<T>(Func<IDatabase, Task<T>> command, CancellationToken cancellationToken)
    {
        if (_disposed || Connection is not { IsConnected: true } connection)
        {
            Interlocked.Increment(ref _skipped);
            return (false, default!);
        }

        Task<T> task;
        try
        {
            task = command(connection.GetDatabase());
        }
        catch (Exception e) when (IsServerFault(e))
        {
            Failed(e);
            return (false, default!);
        }

        try
        {
            var value = await task.WaitAsync(_options.OperationTimeout, cancellationToken);
            MarkUp();
            return (true, value);
        }
        catch (Exception e) when (IsServerFault(e))
        {
            // The command may still finish; observe its end so a late fault is not reported as unobserved.
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            Failed(e);
            return (false, default!);
        }
    }

    private static bool IsServerFault(Exception e) =>
        e is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException or IOException;

    private void Failed(Exception e)
    {
        Interlocked.Increment(ref _failures);
        MarkDown(e.Message);
    }

    private void MarkUp()
    {
        lock (_stateGate)
        {
            if (_up == true || _disposed)
            {
                return;
            }

            _up = true;
            _stateChanges++;
        }

        SharedStoreLog.Up(_logger, Describe(Connection?.Configuration));
    }

    private void MarkDown(string reason)
    {
        lock (_stateGate)
        {
            if (_up == false || _disposed)
            {
                return;
            }

            _up = false;
            _stateChanges++;
        }

        SharedStoreLog.Down(_logger, Describe(Connection?.Configuration ?? _options.Configuration), reason);
    }

    /// <summary>The servers named, never a password.</summary>
    private static string Describe(ConfigurationOptions client) => string.Join(",", client.EndPoints.Select(e => e.ToString()));

    private static string Describe(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return "(unknown)";
        }

        try
        {
            return Describe(ConfigurationOptions.Parse(configuration));
        }
        catch (ArgumentException)
        {
            return "(unparsable configuration)";
        }
    }
}
