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
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            var response = await continuation(request, context);
            metrics.CallEnded(context.Method, Completed(context));
            return response;
        }
        catch (Exception e)
        {
            metrics.CallEnded(context.Method, Failed(e));
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
            metrics.CallEnded(context.Method, Completed(context));
        }
        catch (Exception e)
        {
            metrics.CallEnded(context.Method, Failed(e));
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
            metrics.CallEnded(context.Method, Completed(context));
        }
        catch (Exception e)
        {
            metrics.CallEnded(context.Method, Failed(e));
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            var response = await continuation(requestStream, context);
            metrics.CallEnded(context.Method, Completed(context));
            return response;
        }
        catch (Exception e)
        {
            metrics.CallEnded(context.Method, Failed(e));
            throw;
        }
    }

    /// <summary>
    /// The status of a handler that returned: streaming handlers end quietly when the client leaves
    /// or the deadline passes, so the token tells those apart from OK.
    /// </summary>
    private static StatusCode Completed(ServerCallContext context) => context.CancellationToken.IsCancellationRequested
        ? context.Deadline <= DateTime.UtcNow ? StatusCode.DeadlineExceeded : StatusCode.Cancelled
        : context.Status.StatusCode;

    private static StatusCode Failed(Exception exception) => exception is RpcException rpc ? rpc.StatusCode : StatusCode.Unknown;
}
