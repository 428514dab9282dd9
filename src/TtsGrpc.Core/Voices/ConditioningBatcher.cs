using System.Threading.Channels;

namespace TtsGrpc.Core.Voices;

/// <summary>
/// Micro-batches the conditioning stage: segments waiting to be conditioned on a voice queue up, and the
/// worker takes everything queued at once, grouped by (voice, strength), so the native core gets one
/// call per group instead of one per segment. Under light load a batch is one segment and nothing
/// waits; under load batches grow by themselves.
/// </summary>
public sealed class ConditioningBatcher : IDisposable
{
    private const int MaxBatch = 256;
    private readonly Channel<ConditionJob> _queue = Channel.CreateUnbounded<ConditionJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SpectralConditioner _conditioner;
    private readonly Task _worker;
    private long _batches;
    private long _jobs;
    private int _queued; // the single-reader channel cannot count itself

    public ConditioningBatcher(SpectralConditioner conditioner)
    {
        _conditioner = conditioner;
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Average segments per native call so far.</summary>
    public double AverageBatchSize => Interlocked.Read(ref _batches) == 0 ? 0 : (double)Interlocked.Read(ref _jobs) / Interlocked.Read(ref _batches);

    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Segments waiting for the conditioning worker.</summary>
    public int Queued => Volatile.Read(ref _queued);

    public Task<short[]> ConditionAsync(short[] pcm, int sampleRate, CreatedVoice voice, float strength, CancellationToken cancellationToken)
    {
        var job = new ConditionJob(pcm, sampleRate, voice, strength, cancellationToken);
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(job))
        {
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(nameof(ConditioningBatcher));
        }

        return job.Completion.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _worker.GetAwaiter().GetResult();
    }

    private async Task RunAsync()
    {
        var batch = new List<ConditionJob>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var job))
            {
                Interlocked.Decrement(ref _queued);
                if (job.Cancellation.IsCancellationRequested)
                {
                    job.Completion.TrySetCanceled(job.Cancellation);
                }
                else
                {
                    batch.Add(job);
                }
            }

            foreach (var group in batch.GroupBy(j => (j.Voice.Id, j.Strength, j.SampleRate)))
            {
                Condition([.. group]);
            }
        }
    }

    private void Condition(IReadOnlyList<ConditionJob> group)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _jobs, group.Count);
        try
        {
            var first = group[0];
            var conditioned = _conditioner.Condition([.. group.Select(j => j.Pcm)], first.SampleRate, first.Voice.Profile, first.Strength);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Completion.TrySetResult(conditioned[i]);
            }
        }
        catch (Exception e)
        {
            foreach (var job in group)
            {
                job.Completion.TrySetException(e);
            }
        }
    }

    private sealed record ConditionJob(short[] Pcm, int SampleRate, CreatedVoice Voice, float Strength, CancellationToken Cancellation)
    {
        public TaskCompletionSource<short[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
