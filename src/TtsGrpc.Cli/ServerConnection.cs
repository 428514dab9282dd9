using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;

namespace TtsGrpc.Cli;

/// <summary>
/// Opens a channel to the server, runs one command's calls on it and turns failures into a message on
/// stderr and exit code 1, so every command reports errors the same way.
/// </summary>
internal static class ServerConnection
{
    public static async Task<int> RunAsync(string address, Func<GrpcChannel, Task<int>> call)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            await Console.Error.WriteLineAsync($"error: '{address}' is not a server address; use e.g. {ClientOptions.DefaultServer}.");
            return 1;
        }

        // http:// speaks HTTP/2 without TLS (h2c), which the server accepts on its plaintext endpoint.
        using var channel = GrpcChannel.ForAddress(uri, ChannelOptions(uri));
        try
        {
            return await call(channel);
        }
        catch (RpcException e) when (IsUnreachable(e))
        {
            await Console.Error.WriteLineAsync(
                $"error: cannot reach the TTS server at {address} ({e.Status.DebugException?.Message}).{Environment.NewLine}" +
                $"Start one with './build.sh run', or point --server or ${ClientOptions.ServerVariable} at a running server.");
            return 1;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            var needed = e.StatusCode == StatusCode.PermissionDenied ? "an admin key" : "an API key";
            await Console.Error.WriteLineAsync($"error: {e.StatusCode}: {e.Status.Detail}{Environment.NewLine}Set ${ClientOptions.KeyVariable} to {needed} of this server.");
            return 1;
        }
        catch (RpcException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.StatusCode}: {e.Status.Detail}");
            return 1;
        }
    }

    /// <summary>Sends $TTS_API_KEY, when set, as "authorization: Bearer &lt;key&gt;" on every call.</summary>
    private static GrpcChannelOptions ChannelOptions(Uri uri)
    {
        if (Environment.GetEnvironmentVariable(ClientOptions.KeyVariable) is not { Length: > 0 } key)
        {
            return new GrpcChannelOptions();
        }

        var bearer = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + key);
            return Task.CompletedTask;
        });
        var transport = uri.Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        return new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(transport, bearer),
            // The key goes over h2c too when the address says http://: the operator chose a network without TLS.
            UnsafeUseInsecureChannelCallCredentials = true,
        };
    }

    // The client raises Unavailable with the transport's exception attached when no connection could be
    // made (refused, unknown host); an Unavailable status sent by a running server carries no such exception.
    private static bool IsUnreachable(RpcException e) =>
        e.StatusCode == StatusCode.Unavailable && e.Status.DebugException is SocketException or HttpRequestException;
}
