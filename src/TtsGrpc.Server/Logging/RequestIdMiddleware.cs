namespace TtsGrpc.Server.Logging;

/// <summary>
/// Gives every call a request id: the client's "x-request-id" metadata when it sends one (reduced to safe
/// characters and <see cref="MaxLength"/>), else a new one. The id is echoed in the response headers and
/// carried in a logging scope around the whole call, so every log line of the call names it. The scope's
/// property is XRequestId, not RequestId: ASP.NET Core's own request scope already uses that name for its
/// per-connection trace identifier.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "x-request-id";
    public const int MaxLength = 64;

    private static readonly Func<ILogger, string, IDisposable?> Scope = LoggerMessage.DefineScope<string>("x-request-id:{XRequestId}");

    public async Task InvokeAsync(HttpContext context)
    {
        var sent = context.Request.Headers[Header];
        var id = Sanitize(sent.Count > 0 ? sent[0] : null) ?? Guid.NewGuid().ToString("N");
        context.Response.Headers[Header] = id;
        using (Scope(logger, id))
        {
            await next(context);
        }
    }

    /// <summary>Keeps letters, digits and "-_.:" (nothing that could forge a log line), at most <see cref="MaxLength"/>; null if nothing is left.</summary>
    internal static string? Sanitize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var kept = new char[Math.Min(value.Length, MaxLength)];
        var count = 0;
        foreach (var c in value)
        {
            if (count == kept.Length)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            {
                kept[count++] = c;
            }
        }

        return count == 0 ? null : new string(kept, 0, count);
    }
}
