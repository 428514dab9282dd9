using Grpc.Core;
using Grpc.Core.Interceptors;
using TtsGrpc.Server.Telemetry;

namespace TtsGrpc.Server.Interceptors;

/// <summary>
/// Counts every call by method and the status it ends with. It sits outside <see cref="ErrorInterceptor"/>,
/// so failures arrive here already mapped to their status code.
/// </summary>
internal sealed class MetricsInterceptor(ServerMetrics metrics) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        CountAsync(context, () => continuation(request, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        CountAsync(context, () => continuation(request, responseStream, context));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        CountAsync(context, () => continuation(requestStream, responseStream, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        CountAsync(context, () => continuation(requestStream, context));

    private Task CountAsync(ServerCallContext context, Func<Task> call) => CountAsync(context, async () =>
    {
        await call();
        return true;
    });

    /// <summary>Runs the call and counts it with the status it ends with, thrown or not.</summary>
    private async Task<T> CountAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        try
        {
            var result = await call();
            metrics.CallEnded(context.Method, Completed(context));
            return result;
        }
        catch (Exception e)
        {
            metrics.CallEnded(context.Method, Failed(e));
            throw;
        }
    }

    /// <summary>
    /// The status of a handler that returned: streaming handlers end quietly when the client leaves
    /// or the deadline passes, so the call's state tells those apart from OK.
    /// </summary>
    private static StatusCode Completed(ServerCallContext context) =>
        ClientEnded.HasEnded(context) ? ClientEnded.Code(context) : context.Status.StatusCode;

    private static StatusCode Failed(Exception exception) => exception is RpcException rpc ? rpc.StatusCode : StatusCode.Unknown;
}
