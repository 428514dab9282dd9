using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TtsGrpc.Server.Security;

/// <summary>
/// Checks the "authorization: Bearer &lt;key&gt;" metadata of each call against <see cref="ApiKeyRing"/> before the
/// call runs: UNAUTHENTICATED without a known key, PERMISSION_DENIED for a client key on an admin call.
/// </summary>
internal sealed class ApiKeyInterceptor(ApiKeyRing keys, ILogger<ApiKeyInterceptor> logger) : Interceptor
{
    private const string Header = "authorization";
    private const string Scheme = "Bearer ";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        var required = keys.Required(AccessPolicy.KindOf(context.Method));
        if (required == AccessLevel.Open)
        {
            return;
        }

        var header = context.RequestHeaders.GetValue(Header);
        if (header is null)
        {
            throw Refuse(context, StatusCode.Unauthenticated,
                $"{context.Method} needs an API key: send 'authorization: Bearer <key>' metadata.");
        }

        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            throw Refuse(context, StatusCode.Unauthenticated,
                "The authorization metadata is not a bearer key: send 'authorization: Bearer <key>'.");
        }

        var granted = keys.Grant(header[Scheme.Length..].Trim());
        if (granted == AccessLevel.Open)
        {
            throw Refuse(context, StatusCode.Unauthenticated,
                "The API key sent is not one this server knows: send 'authorization: Bearer <key>' with a key from its configuration.");
        }

        if (granted < required)
        {
            throw Refuse(context, StatusCode.PermissionDenied,
                $"{context.Method} needs an admin key; the key sent is a client key.");
        }
    }

    private RpcException Refuse(ServerCallContext context, StatusCode code, string reason)
    {
        SecurityLog.Refused(logger, context.Method, context.Peer, code, reason);
        return new RpcException(new Status(code, reason));
    }
}
