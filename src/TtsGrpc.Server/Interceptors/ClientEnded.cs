using Grpc.Core;
using Microsoft.AspNetCore.Connections;

namespace TtsGrpc.Server.Interceptors;

/// <summary>
/// Tells what a call's client ending it leaves behind (it cancelled, reset the stream, went away, or its deadline
/// passed) from a failure of the server. Such a call ends as CANCELLED or DEADLINE_EXCEEDED, never INTERNAL: what
/// it throws on the way out is a read or write that met the ended call.
/// </summary>
internal static class ClientEnded
{
    /// <summary>
    /// How long a failed read or write waits for Kestrel to report the abort it stems from. Kestrel raises it from the
    /// thread pool, which a busy process can leave waiting for seconds (2 s was once not enough); only a genuine I/O
    /// failure, which is rare, waits the whole time before it is reported.
    /// </summary>
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(10);

    /// <summary>Whether the call is over on the client's side: its token (client cancel, deadline) or the request's abort is set.</summary>
    public static bool HasEnded(ServerCallContext context) =>
        context.CancellationToken.IsCancellationRequested || RequestAborted(context).IsCancellationRequested;

    /// <summary>Whether <paramref name="exception"/> is what a call the client has ended throws.</summary>
    public static bool Explains(Exception exception, ServerCallContext context) => MetTheEndedCall(exception) && HasEnded(context);

    /// <summary>
    /// As <see cref="Explains"/>, and an I/O error with the call not yet seen as ended waits briefly for it: Kestrel
    /// fails the request body with "The client reset the request stream" at once, but raises RequestAborted (and so
    /// the call's token) from the thread pool a moment later. A genuine I/O failure is not followed by an abort, and
    /// is still a failure after the wait.
    /// </summary>
    public static async Task<bool> ExplainsAsync(Exception exception, ServerCallContext context)
    {
        if (!MetTheEndedCall(exception))
        {
            return false;
        }

        if (HasEnded(context))
        {
            return true;
        }

        if (exception is not (IOException or ConnectionAbortedException))
        {
            return false;
        }

        try
        {
            await Task.Delay(AbortGrace, RequestAborted(context));
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>The status of a call the client ended: DEADLINE_EXCEEDED once its deadline has passed, else CANCELLED.</summary>
    public static StatusCode Code(ServerCallContext context) =>
        context.Deadline <= DateTime.UtcNow ? StatusCode.DeadlineExceeded : StatusCode.Cancelled;

    /// <summary>
    /// What a read or write meets in a call that ended: a cancellation, an I/O error (the reset), "the request is
    /// complete", or grpc-dotnet's "Incomplete message." for a request body the reset cut short.
    /// </summary>
    private static bool MetTheEndedCall(Exception exception) =>
        exception is OperationCanceledException or IOException or InvalidOperationException or InvalidDataException;

    private static CancellationToken RequestAborted(ServerCallContext context) =>
        context.GetHttpContext().RequestAborted;
}
