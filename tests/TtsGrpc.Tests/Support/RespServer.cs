using System.Net.Sockets;
using System.Text;

namespace TtsGrpc.Tests.Support;

/// <summary>
/// A RESP server a test owns (Debian's redis-server, or Garnet in-process) on a free loopback port: it can be
/// stopped abruptly, as a crash would, and started again on the same port.
/// </summary>
public abstract class RespServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    public int Port { get; protected set; }

    /// <summary>The StackExchange.Redis configuration string for it.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public abstract string Name { get; }

    /// <summary>Ends the server at once, dropping its connections and its data (nothing is persisted).</summary>
    public abstract Task KillAsync();

    /// <summary>Starts it again, empty, on the same port.</summary>
    public abstract Task RestartAsync();

    public abstract ValueTask DisposeAsync();

    /// <summary>Whether a server answers PING on <paramref name="port"/> now.</summary>
    protected static async Task<bool> AnswersAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Polls until a server answers on <paramref name="port"/>; false when <paramref name="alive"/> says it died first, or by the deadline.</summary>
    protected static async Task<bool> WaitReadyAsync(int port, Func<bool> alive)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline && alive())
        {
            if (await AnswersAsync(port))
            {
                return true;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return false;
    }
}
