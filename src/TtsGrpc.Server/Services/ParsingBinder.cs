using Google.Protobuf;
using Grpc.Core;

namespace TtsGrpc.Server.Services;

/// <summary>
/// Binds a service's methods with request parsers that answer INVALID_ARGUMENT. grpc-dotnet parses a
/// unary or server-streaming request before any interceptor runs, and answers a parse failure (bytes
/// that are not protobuf, a string that is not UTF-8) with UNKNOWN "Exception was thrown by handler";
/// the services name this binder in their <c>[BindServiceMethod]</c> so the caller learns what to fix.
/// Their bind methods take the generated base type: grpc-dotnet looks for the handlers that override it.
/// </summary>
internal sealed class ParsingBinder(ServiceBinderBase inner) : ServiceBinderBase
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithParser(method), handler);

    public override void AddMethod<TRequest, TResponse>(
        Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithParser(method), handler);

    public override void AddMethod<TRequest, TResponse>(
        Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithParser(method), handler);

    public override void AddMethod<TRequest, TResponse>(
        Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(WithParser(method), handler);

    private static Method<TRequest, TResponse> WithParser<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var marshaller = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return parse(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument,
                    $"The {typeof(TRequest).Name} message could not be parsed ({e.Message}); send protobuf whose strings are valid UTF-8."));
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }
}
