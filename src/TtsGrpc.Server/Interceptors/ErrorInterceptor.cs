using Grpc.Core;
using Grpc.Core.Interceptors;
using TtsGrpc.Core;
using TtsGrpc.Native;
using TtsGrpc.Server.Logging;

namespace TtsGrpc.Server.Interceptors;

/// <summary>
/// Maps domain and native failures to gRPC status codes with their message; anything unexpected is logged as a
/// failure. A call its client ended (<see cref="ClientEnded"/>) is CANCELLED or DEADLINE_EXCEEDED, logged at Debug.
/// </summary>
internal sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw await MapAsync(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw await MapAsync(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw await MapAsync(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw await MapAsync(e, context);
        }
    }

    private async Task<RpcException> MapAsync(Exception exception, ServerCallContext context)
    {
        if (await ClientEnded.ExplainsAsync(exception, context))
        {
            // The client cancelled, reset the stream or let the deadline pass: nobody waits for an answer, and
            // nothing failed on this side.
            var ended = ClientEnded.Code(context);
            ServerLog.EndedByClient(logger, context.Method, ended, exception.GetType().Name);
            return new RpcException(new Status(ended, ended == StatusCode.DeadlineExceeded
                ? "The deadline passed before the call finished."
                : "The call was cancelled by the client."));
        }

        var (code, detail) = exception switch
        {
            TtsException e => (ToStatusCode(e.Kind), e.Message),
            // Work this call waited on was stopped for a reason of the server's (it is shutting down): not a
            // fault of the request, and worth a retry.
            OperationCanceledException =>
                (StatusCode.Unavailable, "The server stopped work this call was waiting for; retry the call."),
            NativeException e => (StatusCode.Internal, "The native audio core failed: " + e.Message),
            _ => (StatusCode.Internal, "The server failed to process the request; the error was logged."),
        };
        if (code == StatusCode.Internal)
        {
            ServerLog.Failed(logger, context.Method, exception);
        }
        else
        {
            ServerLog.Refused(logger, context.Method, code, detail);
        }

        return new RpcException(new Status(code, detail));
    }

    private static StatusCode ToStatusCode(TtsErrorKind kind) => kind switch
    {
        TtsErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        TtsErrorKind.NotFound => StatusCode.NotFound,
        TtsErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        TtsErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        TtsErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
