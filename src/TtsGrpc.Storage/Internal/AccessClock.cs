namespace TtsGrpc.Storage.Internal;

/// <summary>
/// Access stamps: unix microseconds, strictly increasing even when the wall clock steps back or
/// two reads land in the same microsecond, so the access index orders every access exactly.
/// </summary>
internal sealed class AccessClock(long last)
{
    private long _last = last;

    public long Last => Volatile.Read(ref _last);

    public long Next()
    {
        long now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        while (true)
        {
            long last = Volatile.Read(ref _last);
            long next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next;
            }
        }
    }
}
