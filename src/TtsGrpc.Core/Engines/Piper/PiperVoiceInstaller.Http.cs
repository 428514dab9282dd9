using System.Globalization;
using System.Net;
using Polly.Timeout;
using TtsGrpc.Core.Engines.Piper.Internal;

namespace TtsGrpc.Core.Engines.Piper;

/// <summary>The requests of an install, and what each failure tells the caller.</summary>
public sealed partial class PiperVoiceInstaller
{
    private const string IndexFile = "voices.json";
    private const string UrlSetting = "Tts:Engines:Piper:DownloadUrl";

    private async Task<PiperVoiceIndex.IndexedVoice> FindAsync(string name, CancellationToken cancellationToken)
    {
        var url = new Uri(_baseUrl, IndexFile);
        var json = await FetchIndexAsync(url, cancellationToken);
        PiperVoiceIndex.Lookup lookup;
        try
        {
            lookup = PiperVoiceIndex.Find(json, name);
        }
        catch (FormatException e)
        {
            throw new TtsException(
                TtsErrorKind.FailedPrecondition,
                $"The voice index {url} cannot be used: {e.Message}. Check that {UrlSetting} ({_baseUrl}) points at a Piper voice " +
                "index (the folder that holds voices.json), or retry if the index is being updated.");
        }

        if (lookup.Voice is { } voice)
        {
            return voice;
        }

        var hint = lookup.CloseMatches.Count > 0
            ? "Close matches: " + string.Join(", ", lookup.CloseMatches) + "."
            : "Keys look like en_US-lessac-medium (language_REGION-dataset-quality).";
        throw new TtsException(
            TtsErrorKind.NotFound, $"No voice '{name}' in the voice index {url}, which lists {lookup.Count} voices. {hint}");
    }

    /// <summary>voices.json through the retrying client; it is small, so it is read whole (up to <see cref="MaxIndexBytes"/>).</summary>
    private async Task<byte[]> FetchIndexAsync(Uri url, CancellationToken cancellationToken)
    {
        var client = _http.CreateClient(IndexClient);
        try
        {
            using var response = await client.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Refused(url, response, response.StatusCode == HttpStatusCode.NotFound
                    ? $"{UrlSetting} ({_baseUrl}) is not a Piper voice index (the folder that holds voices.json); correct it and restart the server."
                    : $"check {UrlSetting} ({_baseUrl}), then install again.");
            }

            return await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new TtsException(
                TtsErrorKind.FailedPrecondition,
                $"The voice index {url} is larger than {MaxIndexBytes >> 20} MiB, which no Piper voice index is; check {UrlSetting} ({_baseUrl}).");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is HttpRequestException or IOException ? e.Message : "no answer in time";
            throw new TtsException(
                TtsErrorKind.Unavailable,
                $"The voice index {url} cannot be reached ({reason}); check the network and {UrlSetting}, then retry the install.");
        }
    }

    /// <summary>The file's URL: its index path under the base URL, each segment escaped so no part of it is read as a scheme or query.</summary>
    private Uri FileUrl(PiperVoiceIndex.IndexedFile file) =>
        new(_baseUrl, string.Join('/', file.Path.Split('/').Select(Uri.EscapeDataString)));

    /// <summary>Sends the request and waits for the headers, for at most the stall timeout.</summary>
    private async Task<HttpResponseMessage> OpenAsync(
        Uri url, PiperVoiceIndex.IndexedFile file, CancellationTokenSource stall, CancellationToken cancellationToken)
    {
        var client = _http.CreateClient(DownloadClient);
        HttpResponseMessage response;
        stall.CancelAfter(_stallTimeout);
        try
        {
            response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stall.Token);
        }
        catch (Exception e) when (IsTransfer(e) && !cancellationToken.IsCancellationRequested)
        {
            throw stall.IsCancellationRequested || e is OperationCanceledException
                ? Stalled(url, file, 0)
                : new TtsException(TtsErrorKind.Unavailable, $"{url} cannot be reached ({e.Message}); check the network, then retry the install.");
        }
        finally
        {
            stall.CancelAfter(Timeout.InfiniteTimeSpan);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw Refused(url, response, response.StatusCode == HttpStatusCode.NotFound
                    ? $"the voice index lists {file.Name} but the server does not have it; check {UrlSetting} ({_baseUrl}), or retry once the index and its files agree."
                    : $"check {UrlSetting} ({_baseUrl}), then install again.");
            }
        }

        if (response.Content.Headers.ContentLength is { } length && length != file.Size)
        {
            response.Dispose();
            throw SizeMismatch(url, file, length.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    private async Task<Stream> BodyAsync(
        HttpResponseMessage response, Uri url, PiperVoiceIndex.IndexedFile file, CancellationTokenSource stall, CancellationToken cancellationToken)
    {
        stall.CancelAfter(_stallTimeout);
        try
        {
            return await response.Content.ReadAsStreamAsync(stall.Token);
        }
        catch (Exception e) when (IsTransfer(e) && !cancellationToken.IsCancellationRequested)
        {
            throw TransferFailed(e, url, file, 0, stall);
        }
        finally
        {
            stall.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// One read of the body, for at most the stall timeout. The timer runs only while reading, so a caller that is slow
    /// to take progress reports never counts as a stalled download.
    /// </summary>
    private async ValueTask<int> ReadAsync(
        Stream body, byte[] buffer, Uri url, PiperVoiceIndex.IndexedFile file, long done, CancellationTokenSource stall,
        CancellationToken cancellationToken)
    {
        stall.CancelAfter(_stallTimeout);
        try
        {
            return await body.ReadAsync(buffer, stall.Token);
        }
        catch (Exception e) when (IsTransfer(e) && !cancellationToken.IsCancellationRequested)
        {
            throw TransferFailed(e, url, file, done, stall);
        }
        finally
        {
            stall.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>What a dropped or stalled transfer throws (the caller's own cancellation is left to propagate as it is).</summary>
    private static bool IsTransfer(Exception e) => e is OperationCanceledException or IOException or HttpRequestException;

    /// <summary>A timer that fired means a stall, whatever the transport made of it; anything else is a dropped connection.</summary>
    private TtsException TransferFailed(Exception e, Uri url, PiperVoiceIndex.IndexedFile file, long done, CancellationTokenSource stall) =>
        stall.IsCancellationRequested || e is OperationCanceledException ? Stalled(url, file, done) : Dropped(url, file, done, e);

    private static void Verify(Uri url, PiperVoiceIndex.IndexedFile file, long received, byte[] md5)
    {
        if (received != file.Size)
        {
            throw SizeMismatch(url, file, received.ToString(CultureInfo.InvariantCulture));
        }

        var actual = Convert.ToHexStringLower(md5);
        if (actual != file.Md5)
        {
            throw new TtsException(
                TtsErrorKind.FailedPrecondition,
                $"{file.Name} from {url} does not match the voice index: its MD5 is {actual}, the index says {file.Md5}. " +
                "Nothing was installed; retry the install, and if it fails the same way the index or the server's copy is wrong.");
        }
    }

    private static TtsException SizeMismatch(Uri url, PiperVoiceIndex.IndexedFile file, string actual) => new(
        TtsErrorKind.FailedPrecondition,
        $"{file.Name} from {url} does not match the voice index: it has {actual} bytes, the index says {file.Size}. " +
        "Nothing was installed; retry the install, and if it fails the same way the index or the server's copy is wrong.");

    private TtsException Stalled(Uri url, PiperVoiceIndex.IndexedFile file, long done) => new(
        TtsErrorKind.Unavailable,
        $"Downloading {file.Name} from {url} stalled: no data for {_stallTimeout.TotalSeconds:0} s after {done} of {file.Size} bytes. " +
        "Nothing was installed; retry the install (Tts:Engines:Piper:DownloadStallSeconds sets how long a download may pause).");

    private static TtsException Dropped(Uri url, PiperVoiceIndex.IndexedFile file, long done, Exception e) => new(
        TtsErrorKind.Unavailable,
        $"The connection dropped while downloading {file.Name} from {url}, after {done} of {file.Size} bytes ({e.Message}). " +
        "Nothing was installed; retry the install.");

    /// <summary>
    /// An answer other than 2xx: 5xx, 408 and 429 say "later" (UNAVAILABLE), anything else says the URL is wrong
    /// (FAILED_PRECONDITION), with <paramref name="advice"/>.
    /// </summary>
    private static TtsException Refused(Uri url, HttpResponseMessage response, string advice)
    {
        var code = (int)response.StatusCode;
        var answered = $"{url} answered {code} {response.ReasonPhrase}".TrimEnd();
        return code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            ? new TtsException(TtsErrorKind.Unavailable, $"{answered}: the voice server cannot serve it now; retry the install later.")
            : new TtsException(TtsErrorKind.FailedPrecondition, $"{answered}: {advice}");
    }
}
