using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TtsGrpc.Protos.V1;
using TtsGrpc.Storage;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// A populated store (segments in SST and blob files and in the WAL, created voices, some pinned) damaged by hand in
/// every way the issue lists, one copy per damage: the server starts anyway, serves every text, reports the damage
/// truthfully in ValidateCache, counts what is really there afterwards, and never loses a created voice silently.
/// </summary>
public sealed partial class StoreDamageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static IEnumerable<Damage> Damages =>
    [
        new("none (control)", _ => "nothing"),
        new("blob 8 x 4 KiB", store => Overwrite(Largest(store, "*.blob"), 8), ExpectCorrupt: true),
        new("blob 64 x 4 KiB", store => Overwrite(Largest(store, "*.blob"), 64), ExpectCorrupt: true),
        new("sst 4 KiB", store => Overwrite(Largest(store, "*.sst"), 1)),
        new("sst first data block", store => Overwrite(Largest(store, "*.sst"), 1, at: 0)),
        new("blob deleted", store => Delete(Largest(store, "*.blob")), ExpectCorrupt: true, ExpectMissingBlob: true),
        new("blob cut in half", store => Truncate(Largest(store, "*.blob")), ExpectCorrupt: true),
        new("newest WAL 8 x 4 KiB", store => Overwrite(Newest(store, "*.log"), 8)),
        new("sst footer", store => OverwriteTail(Largest(store, "*.sst"), 64)),
        new("sst deleted", store => Delete(Largest(store, "*.sst"))),
        new("oldest WAL 4 KiB", store => Overwrite(Oldest(store, "*.log"), 1)),
        new("CURRENT deleted", store => Delete(Path.Combine(store, "CURRENT"))),
        new("CURRENT garbage", store => Replace(Path.Combine(store, "CURRENT"), "garbage-0000\n"u8.ToArray())),
        new("MANIFEST deleted", store => Delete(Newest(store, "MANIFEST-*"))),
        new("MANIFEST overwritten", store => Overwrite(Newest(store, "MANIFEST-*"), 1)),
        new("store is a file", StoreIsAFile),
        new("voice record damaged", DamageOneVoice, ExpectVoiceCorrupt: true),
        new("directory read only (chattr +i)", MakeImmutable, Undo: store => Chattr("-i", store), ReadOnly: true),
    ];

    [Fact]
    public async Task DamagedStore_EachKindOfDamage_StartsServesEveryTextAndReportsWhatWasLost()
    {
        using var root = new TempDirectory();
        var clock = Stopwatch.StartNew();
        var populated = await PopulateAsync(Path.Combine(root.Path, "populated"));
        output.WriteLine(
            $"populated in {clock.Elapsed.TotalSeconds:F1} s: {populated.Texts.Count} texts, {populated.Texts.Values.Sum()} segments, {populated.Voices.Count} created voices " +
            $"({populated.Pinned.Length} pinned); files: {string.Join(", ", Directory.EnumerateFiles(Path.Combine(populated.Directory, "store")).Select(Path.GetFileName).Order())}");
        var rows = new List<string>
        {
            "damage | what was done | start s | mode / recovery | voices recovered / lost at start | validate scanned / corrupt / removed / missing blob files | " +
            "entries after / fresh count | voices served / reported | segments from store / synthesized | health",
        };
        var failures = new List<string>();
        var index = 0;
        foreach (var damage in Damages)
        {
            var data = Path.Combine(root.Path, $"case-{index++}");
            CopyDirectory(populated.Directory, data);
            var store = Path.Combine(data, "store");
            string what;
            try
            {
                what = damage.Apply(store);
            }
            catch (NotSupportedException e)
            {
                rows.Add($"{damage.Name} | NOT RUN: {e.Message}");
                continue;
            }

            try
            {
                rows.Add($"{damage.Name} | {what} | {await RunCaseAsync(damage, data, populated)}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add($"{damage.Name}: {e.GetType().Name}: {e.Message}");
                rows.Add($"{damage.Name} | {what} | FAILED: {e.Message.Split('\n')[0]}");
            }
            finally
            {
                damage.Undo?.Invoke(store);
            }
        }

        try
        {
            rows.Add(await RunAsProcessAsync(Path.Combine(root.Path, "case-process"), populated));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failures.Add($"server process: {e.GetType().Name}: {e.Message}");
        }

        foreach (var row in rows)
        {
            output.WriteLine(row);
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s in all");

        Assert.Empty(failures);
    }

    /// <summary>One damage that used to end the process with SIGABRT, through the real entry point in a process of its own.</summary>
    private static async Task<string> RunAsProcessAsync(string data, Populated populated)
    {
        CopyDirectory(populated.Directory, data);
        var what = Replace(Path.Combine(data, "store", "CURRENT"), "garbage-0000\n"u8.ToArray());
        var clock = Stopwatch.StartNew();
        await using var process = await ServerProcess.StartAsync(data).WaitAsync(StartTimeout, Token);
        var started = clock.Elapsed.TotalSeconds;
        var stats = await new CacheAdmin.CacheAdminClient(process.Channel)
            .GetCacheStatsAsync(new GetCacheStatsRequest(), deadline: Deadline(), cancellationToken: Token);
        var (text, segments) = populated.Texts.First();
        var call = await SynthesisCall.RunAsync(new TextToSpeech.TextToSpeechClient(process.Channel), new SynthesizeRequest { Text = text });

        Assert.Equal(("read_write", "repaired"), (stats.Store.Mode, stats.Store.Recovery));
        Assert.Equal(segments, call.Summary.SegmentsTotal);
        Assert.Equal(populated.Voices.Count, stats.Voices.RecoveredAtStart + Math.Max(0, stats.Voices.LostAtStart));
        return $"CURRENT garbage, server process | {what} | {started:F1} | {stats.Store.Mode} / {stats.Store.Recovery} | " +
            $"{stats.Voices.RecoveredAtStart} / {stats.Voices.LostAtStart} | (not validated) | | | {call.Summary.SegmentsCached} / " +
            $"{call.Summary.SegmentsTotal - call.Summary.SegmentsCached} (one text) |";
    }

    /// <summary>
    /// Starts the server on the damaged copy and checks it; when the validation found damage it cannot remove while
    /// the store is open (it asks for a repair at the next start), starts it once more and checks that run too.
    /// </summary>
    private static async Task<string> RunCaseAsync(Damage damage, string data, Populated populated)
    {
        var first = await RunOnceAsync(damage, data, populated, reportedBefore: null);
        if (!first.RepairRequested)
        {
            return first.Row;
        }

        var second = await RunOnceAsync(damage, data, populated, first.VoicesReported);
        Assert.Equal("repaired", second.Recovery);
        Assert.False(second.RepairRequested, "the store still asks for a repair after being repaired");
        return $"{first.Row} || after restart: {second.Row}";
    }

    /// <param name="reportedBefore">On a second start: the voices the first one reported lost; null on the first start.</param>
    private static async Task<CaseResult> RunOnceAsync(Damage damage, string data, Populated populated, long? reportedBefore)
    {
        var clock = Stopwatch.StartNew();
        await using var server = await ServerFixture.StartAsync(data).WaitAsync(StartTimeout, Token);
        var started = clock.Elapsed.TotalSeconds;
        try
        {
            return await CheckAsync(damage, server, populated, started, reportedBefore);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{e.Message}\nServer log:\n{server.Log}", e);
        }
    }

    private static async Task<CaseResult> CheckAsync(Damage damage, ServerFixture server, Populated populated, double started, long? reportedBefore)
    {
        var admin = new CacheAdmin.CacheAdminClient(server.Channel);
        var tts = new TextToSpeech.TextToSpeechClient(server.Channel);
        var serving = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest(), deadline: Deadline(), cancellationToken: Token);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, serving.Status);
        var health = await server.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(r => r.Name == "store", Token).WaitAsync(CallTimeout, Token);
        var opened = await admin.GetCacheStatsAsync(new GetCacheStatsRequest(), deadline: Deadline(), cancellationToken: Token);
        var store = opened.Store;

        var report = await admin.ValidateCacheAsync(new ValidateCacheRequest(), deadline: Deadline(), cancellationToken: Token);
        var after = await admin.GetCacheStatsAsync(new GetCacheStatsRequest(), deadline: Deadline(), cancellationToken: Token);
        var fresh = await admin.ValidateCacheAsync(new ValidateCacheRequest(), deadline: Deadline(), cancellationToken: Token);

        Assert.Equal(damage.ReadOnly ? "read_only" : "read_write", store.Mode);
        if (report.RepairAtNextStart)
        {
            // A scan stopped at damage that stays while the store is open: reported, and repaired at the next start.
            Assert.NotEqual("", report.Error + report.VoicesError);
            Assert.Contains("repaired at the next start", server.Log, StringComparison.Ordinal);
        }
        else
        {
            // What is left reads whole, and the figures are what is there.
            Assert.Equal(("", ""), (report.Error, report.VoicesError));
            Assert.Equal(0, fresh.Corrupt);
            Assert.Equal(fresh.Scanned, after.Disk.Entries);
        }

        // The first start meets the damage; a second one (after a requested repair) finds it gone.
        if (damage.ExpectCorrupt && reportedBefore is null)
        {
            Assert.True(report.Corrupt > 0, $"damaged audio not reported: {report}");
            Assert.Equal(report.Corrupt, report.Removed);
        }

        if (damage.ExpectMissingBlob && reportedBefore is null)
        {
            Assert.True(report.MissingBlobFiles > 0, $"missing blob file not reported: {report}");
        }

        if (damage.ExpectVoiceCorrupt && reportedBefore is null)
        {
            // Found by the validation, or already when the pinned voices were loaded at start.
            Assert.True(after.Voices.Corrupt > 0, $"damaged voice record not reported: {report}, {after.Voices}");
        }

        // Created voices: served, or reported lost (at start, or as damaged records), never silently gone.
        var voices = new Voices.VoicesClient(server.Channel);
        var listed = (await tts.ListVoicesAsync(new ListVoicesRequest(), deadline: Deadline(), cancellationToken: Token)).Voices
            .Where(v => !v.Builtin).Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in listed.Intersect(populated.Voices))
        {
            Assert.Equal(id, (await voices.GetVoiceAsync(new GetVoiceRequest { Id = id }, deadline: Deadline(), cancellationToken: Token)).Id);
        }

        var missing = populated.Voices.Count(id => !listed.Contains(id));
        var lostAtStart = after.Voices.LostAtStart;
        var reported = (reportedBefore ?? 0) + after.Voices.Corrupt + Math.Max(0, lostAtStart);
        if (missing > reported)
        {
            // Not known how many: then the start said loudly where the store went and that its voices are not served.
            Assert.Equal(-1, lostAtStart);
            Assert.NotEqual("none", store.Recovery);
            Assert.Contains("created voices", server.Log, StringComparison.Ordinal);
        }

        // Every text is served whole: from the store where it survived, synthesized again where not.
        var fromStore = 0;
        var synthesized = 0;
        foreach (var (text, segments) in populated.Texts)
        {
            var call = await SynthesisCall.RunAsync(tts, new SynthesizeRequest { Text = text });
            Assert.Equal(segments, call.Summary.SegmentsTotal);
            Assert.True(call.Audio.Length > 0);
            fromStore += call.Summary.SegmentsCached;
            synthesized += call.Summary.SegmentsTotal - call.Summary.SegmentsCached;
        }

        if (damage.ReadOnly)
        {
            // New audio is served but not stored: each refused write is counted, only the first one logged.
            var extra = await SynthesisCall.RunAsync(tts, new SynthesizeRequest { Text = "A text that is new. It cannot be stored here." });
            var written = await admin.GetCacheStatsAsync(new GetCacheStatsRequest(), deadline: Deadline(), cancellationToken: Token);
            Assert.True(extra.Audio.Length > 0);
            Assert.Equal(synthesized + extra.Summary.SegmentsTotal, written.Disk.WriteFailures);
            Assert.Equal(1, Occurrences(server.Log, "writes are refused"));
        }

        var lost = lostAtStart < 0 ? "unknown" : lostAtStart.ToString(CultureInfo.InvariantCulture);
        var stopped = report.Error + report.VoicesError;
        var error = stopped.Length == 0 ? "" : $" (scan stopped: {Shorten(stopped)})";
        var row = $"{started:F1} | {store.Mode} / {store.Recovery} | {after.Voices.RecoveredAtStart} / {lost} | " +
            $"{report.Scanned} / {report.Corrupt} / {report.Removed} / {report.MissingBlobFiles}{error} | " +
            $"{after.Disk.Entries} / {fresh.Scanned} | {populated.Voices.Count - missing} of {populated.Voices.Count} / " +
            $"{reported}{(missing > reported ? " + unknown" : "")} | {fromStore} / {synthesized} | {health.Entries["store"].Status}";
        return new CaseResult(row, report.RepairAtNextStart, reported, store.Recovery);
    }

    /// <summary>
    /// Segments and voices written by a cleanly stopped server (flushed: SST and blob files), then more by a server
    /// process killed with SIGKILL (they are only in the WAL).
    /// </summary>
    private static async Task<Populated> PopulateAsync(string directory)
    {
        var tag = Random.Shared.Next(100_000, 999_999);
        var texts = new Dictionary<string, int>(StringComparer.Ordinal);
        var voices = new List<string>();
        string[] pinned;
        await using (var server = await ServerFixture.StartAsync(directory).WaitAsync(StartTimeout, Token))
        {
            await SynthesizeAsync(server.Channel, texts, tag, first: 0, count: 24);
            foreach (var f0 in new[] { 110.0, 140.0, 170.0 })
            {
                voices.Add((await VoiceUploads.CreateAsync(server.Channel, Recording(f0), name: $"damage-{f0:F0}")).Id);
            }

            pinned = [voices[0], voices[1]];
            var preload = new PreloadVoicesRequest();
            preload.Ids.AddRange(pinned);
            await new Voices.VoicesClient(server.Channel).PreloadVoicesAsync(preload, deadline: Deadline(), cancellationToken: Token);
            await new CacheAdmin.CacheAdminClient(server.Channel).GetCacheStatsAsync(new GetCacheStatsRequest(), deadline: Deadline(), cancellationToken: Token);
            server.Services.GetRequiredService<LocalStore>().FlushMemtables();
        }

        await using (var process = await ServerProcess.StartAsync(directory).WaitAsync(CallTimeout, Token))
        {
            await SynthesizeAsync(process.Channel, texts, tag, first: 24, count: 8);
            voices.Add((await VoiceUploads.CreateAsync(process.Channel, Recording(200), name: "damage-200")).Id);
            await new CacheAdmin.CacheAdminClient(process.Channel).GetCacheStatsAsync(new GetCacheStatsRequest(), deadline: Deadline(), cancellationToken: Token);
            await process.KillAsync();
        }

        return new Populated(directory, texts, voices, pinned);
    }

    private static async Task SynthesizeAsync(ChannelBase channel, Dictionary<string, int> texts, int tag, int first, int count)
    {
        var tts = new TextToSpeech.TextToSpeechClient(channel);
        for (var i = first; i < first + count; i++)
        {
            var text = $"Stored text {tag} number {i} begins here. It ends with part {i} of the set.";
            var call = await SynthesisCall.RunAsync(tts, new SynthesizeRequest { Text = text });
            texts[text] = call.Summary.SegmentsTotal;
        }
    }

    private static byte[] Recording(double f0) => WavBuilder.Pcm(VoicesTests.SpeechLike(2, 16000, f0), 16000);

    private static DateTime Deadline() => DateTime.UtcNow + CallTimeout;

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Shorten(string text) => text.Length <= 90 ? text : text[..90] + "…";

    private sealed record Damage(
        string Name, Func<string, string> Apply, bool ExpectCorrupt = false, bool ExpectMissingBlob = false,
        bool ExpectVoiceCorrupt = false, bool ReadOnly = false, Action<string>? Undo = null);

    private sealed record CaseResult(string Row, bool RepairRequested, long VoicesReported, string Recovery);

    private sealed record Populated(string Directory, Dictionary<string, int> Texts, List<string> Voices, string[] Pinned);
}
