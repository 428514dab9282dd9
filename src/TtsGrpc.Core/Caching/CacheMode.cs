namespace TtsGrpc.Core.Caching;

/// <summary>How a request uses the audio cache.</summary>
public enum CacheMode
{
    /// <summary>Serve hits, synthesize and store misses (the default).</summary>
    Use,

    /// <summary>Neither read nor write the cache.</summary>
    Bypass,

    /// <summary>Synthesize every segment again and overwrite what is stored.</summary>
    Refresh,

    /// <summary>Serve only from the cache; a miss fails the request before any audio is sent.</summary>
    CachedOnly,
}
