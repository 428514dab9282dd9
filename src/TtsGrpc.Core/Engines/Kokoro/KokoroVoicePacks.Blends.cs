namespace TtsGrpc.Core.Engines.Kokoro;

public sealed partial class KokoroVoicePacks
{
    /// <summary>The recipe of a blend, its parts' names, and the key its pack is stored under.</summary>
    private Derived Blend(string recipe)
    {
        if (_blends.TryGetValue(recipe, out var known) && PartsUnchanged(known))
        {
            return known;
        }

        var blend = KokoroBlend.Parse(recipe);
        var hashes = new List<string>(blend.Terms.Count);
        foreach (var term in blend.Terms)
        {
            hashes.Add(_sources.TryGetValue(term.Name, out var source) ? source.Hash : throw Unknown(term.Name));
        }

        var derived = new Derived(blend, blend.DerivedHash(hashes), hashes);
        _blends[recipe] = derived;
        return derived;
    }

    private bool PartsUnchanged(Derived derived)
    {
        for (int i = 0; i < derived.Blend.Terms.Count; i++)
        {
            if (!_sources.TryGetValue(derived.Blend.Terms[i].Name, out var source) || source.Hash != derived.PartHashes[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The stored blended pack, or the blend computed from its parts (and stored) when it is not there.</summary>
    private float[] Mix(Derived derived)
    {
        if (_store.TryGet(derived.Hash)?.Values is { Length: KokoroPack.Length } stored)
        {
            Interlocked.Increment(ref _storeLoads);
            return Keep(derived.Hash, stored);
        }

        Interlocked.Increment(ref _blendsComputed);
        var parts = derived.Blend.Terms.Select(term => Get(term.Name)).ToArray();
        var mixed = derived.Blend.Mix(parts);
        _store.TryPut(derived.Hash, derived.Blend.Canonical, mixed);
        return Keep(derived.Hash, mixed);
    }

    private sealed record Derived(KokoroBlend Blend, string Hash, IReadOnlyList<string> PartHashes);
}
