using Microsoft.AspNetCore.Routing;
using TtsGrpc.Server.Telemetry;

namespace TtsGrpc.Server.Http;

/// <summary>
/// Around every HTTP API request: a failure becomes an OpenAI-shaped error with its status, an unknown route or
/// method an OpenAI-shaped 404/405, and each request on a known route is counted like a gRPC call. A failure after
/// the first audio bytes went out cannot change the status any more: the response is aborted (the client sees the
/// body end early) and logged.
/// </summary>
internal sealed class OpenAiErrorMiddleware(RequestDelegate next, ServerMetrics metrics, ILogger<OpenAiErrorMiddleware> logger)
{
    /// <summary>What a client that left is counted as (nginx's code for it): no status reached it.</summary>
    public const int ClientClosed = 499;

    public async Task InvokeAsync(HttpContext context)
    {
        var status = StatusCodes.Status200OK;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
            if (!context.Response.HasStarted && status is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
            {
                await NotFoundAsync(context, status);
            }
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested)
        {
            status = ClientClosed;
            HttpLog.ClientLeft(logger, RouteOf(context) ?? context.Request.Path, e.GetType().Name);
        }
        catch (Exception e)
        {
            status = await FailAsync(context, e);
        }
        finally
        {
            if (RouteOf(context) is { } route)
            {
                metrics.HttpCallEnded(route, status);
            }
        }
    }

    /// <summary>"POST /v1/audio/speech": the method and route template of the endpoint that served the request.</summary>
    internal static string? RouteOf(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint endpoint && endpoint.RoutePattern.RawText is { } pattern
            ? $"{context.Request.Method} {pattern}"
            : null;

    private async Task<int> FailAsync(HttpContext context, Exception exception)
    {
        var route = RouteOf(context) ?? context.Request.Path.ToString();
        var failure = HttpFailure.Of(exception);
        if (context.Response.HasStarted)
        {
            HttpLog.AbortedMidStream(logger, route, failure.Message, exception);
            context.Abort();
            return failure.Status;
        }

        if (failure.IsFault)
        {
            HttpLog.Failed(logger, route, exception);
        }
        else
        {
            HttpLog.Refused(logger, route, failure.Status, failure.Message);
        }

        context.Response.Clear();
        await OpenAiError.WriteAsync(context, failure.Status, failure.Message, failure.Param, failure.Code, failure.RetryAfterSeconds);
        return failure.Status;
    }

    private static Task NotFoundAsync(HttpContext context, int status)
    {
        var request = context.Request;
        var message = status == StatusCodes.Status404NotFound
            ? $"No route {request.Method} {request.Path}; this server answers POST /v1/audio/speech, GET /v1/models, GET /v1/audio/models, GET /v1/audio/voices and the web playground at GET /."
            : $"{request.Path} does not take {request.Method}; see the allowed methods in the Allow header.";
        return OpenAiError.WriteAsync(context, status, message);
    }
}
