namespace TtsGrpc.Server.Hosting;

/// <summary>
/// Reads each answer's body inside the try that got it. HttpClient would read it only after the whole handler chain
/// returned, outside the resilience pipeline, so a body that stalls halfway would escape the per-try and total
/// timeouts, and one cut off would not be retried.
/// </summary>
internal sealed class ResponseBufferingHandler(long maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(maxBytes, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
