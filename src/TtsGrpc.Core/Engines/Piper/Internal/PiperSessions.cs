using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using TtsGrpc.Core.Engines.Internal;

namespace TtsGrpc.Core.Engines.Piper.Internal;

/// <summary>
/// Loaded voice models, least recently used first out past MaxLoadedVoices. A model is loaded on its first
/// request (one load per model however many requests wait) and found again by its content hash, so a replaced
/// file loads anew. With <c>useCuda</c>, ONNX Runtime's CUDA execution provider is tried once; when it does not
/// load, the reason is logged and every model runs on the CPU.
/// </summary>
internal sealed class PiperSessions(int capacity, int intraOpThreads, bool useCuda, ILogger logger) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly LinkedList<(string Key, Task<PiperSession> Load)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, Task<PiperSession> Load)>> _byKey = new(StringComparer.Ordinal);
    private bool _cudaFailed = !useCuda;

    public int Loaded
    {
        get
        {
            lock (_lock)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>The session for these files, acquired: the caller releases it when its run is done.</summary>
    public async Task<PiperSession> AcquireAsync(PiperVoiceFiles files, CancellationToken cancellationToken)
    {
        var key = files.Stem + "@" + files.ModelSha256;
        while (true)
        {
            Task<PiperSession> load;
            lock (_lock)
            {
                if (_byKey.TryGetValue(key, out var node))
                {
                    _order.Remove(node);
                    _order.AddFirst(node);
                }
                else
                {
                    node = _order.AddFirst((key, Task.Run(() => Load(files), CancellationToken.None)));
                    _byKey[key] = node;
                    EvictBeyondCapacity();
                }

                load = node.Value.Load;
            }

            PiperSession session;
            try
            {
                session = await load.WaitAsync(cancellationToken);
            }
            catch (Exception) when (load.IsFaulted)
            {
                Forget(key, load); // the next request tries again (the file may have been fixed)
                throw;
            }

            if (session.TryAcquire())
            {
                return session;
            }

            // Unloaded between the lookup and now: load again.
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (_, load) in _order)
            {
                Unload(load, "shutdown", log: false);
            }

            _order.Clear();
            _byKey.Clear();
        }
    }

    private void EvictBeyondCapacity()
    {
        while (_order.Count > capacity)
        {
            var last = _order.Last!;
            _order.RemoveLast();
            _byKey.Remove(last.Value.Key);
            Unload(last.Value.Load, last.Value.Key, log: true);
        }
    }

    private void Unload(Task<PiperSession> load, string key, bool log)
    {
        _ = load.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    t.Result.Release();
                    if (log)
                    {
                        PiperLog.Unloaded(logger, "piper:" + key.Split('@')[0]);
                    }
                }
            },
            TaskScheduler.Default);
    }

    private void Forget(string key, Task<PiperSession> load)
    {
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var node) && node.Value.Load == load)
            {
                _byKey.Remove(key);
                _order.Remove(node);
            }
        }
    }

    private PiperSession Load(PiperVoiceFiles files)
    {
        var started = Stopwatch.GetTimestamp();
        InferenceSession session;
        string provider;
        try
        {
            (session, provider) = OnnxSessions.Open(files.ModelPath, intraOpThreads, !Volatile.Read(ref _cudaFailed), CudaFailed);
        }
        catch (OnnxRuntimeException e)
        {
            throw new PiperVoiceException($"{files.ModelPath} could not be loaded by ONNX Runtime: {e.Message.Trim()}", e);
        }

        PiperLog.Loaded(logger, "piper:" + files.Stem, provider, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new PiperSession(session, files, provider);
    }

    /// <summary>CUDA is tried once: after one failure every model runs on the CPU, with one warning.</summary>
    private void CudaFailed(string reason)
    {
        if (!Interlocked.Exchange(ref _cudaFailed, true))
        {
            PiperLog.CudaUnavailable(logger, reason);
        }
    }
}
