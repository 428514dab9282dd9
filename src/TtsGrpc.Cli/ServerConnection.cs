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
        using var channel = GrpcChannel.ForAddress(uri);
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
        catch (RpcException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.StatusCode}: {e.Status.Detail}");
            return 1;
        }
    }

    // The client raises Unavailable with the transport's exception attached when no connection could be
    // made (refused, unknown host); an Unavailable status sent by a running server carries no such exception.
    private static bool IsUnreachable(RpcException e) =>
        e.StatusCode == StatusCode.Unavailable && e.Status.DebugException is SocketException or HttpRequestException;
}
