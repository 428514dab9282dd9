using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>
/// A blend of voice packs, written <c>af_bella(2)+af_sky(1)</c>: terms joined by '+' (add) or '-' (subtract),
/// each a voice name with an optional positive weight in parentheses (1 when left out). The blend is
/// Σ ±wᵢ·packᵢ / Σ wᵢ: weights are normalised by the sum of their magnitudes, subtracted ones included.
/// </summary>
public sealed record KokoroBlend(IReadOnlyList<KokoroBlend.Term> Terms)
{
    /// <summary>One voice of a blend: its weight, and whether it is subtracted.</summary>
    public sealed record Term(string Name, double Weight, bool Subtract);

    /// <summary>The recipe written one way whatever spelling it came in: <c>af_bella(2)+af_sky(1)</c>.</summary>
    public string Canonical
    {
        get
        {
            var text = new StringBuilder();
            for (int i = 0; i < Terms.Count; i++)
            {
                var term = Terms[i];
                if (i > 0 || term.Subtract)
                {
                    text.Append(term.Subtract ? '-' : '+');
                }

                text.Append(term.Name).Append('(').Append(term.Weight.ToString("R", CultureInfo.InvariantCulture)).Append(')');
            }

            return text.ToString();
        }
    }

    /// <summary>Whether <paramref name="voice"/> is written as a blend (has '+', '-' or a weight) rather than one name.</summary>
    public static bool LooksLikeBlend(string voice) => voice.AsSpan().IndexOfAny("+-(") >= 0;

    /// <summary>Reads a recipe; names are not checked against any voice here.</summary>
    /// <exception cref="TtsException">INVALID_ARGUMENT: an empty term or name, or a weight that is not a finite positive number.</exception>
    public static KokoroBlend Parse(string recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var terms = new List<Term>();
        int start = 0;
        bool subtract = false;
        for (int i = 0; i <= recipe.Length; i++)
        {
            if (i < recipe.Length && recipe[i] is not ('+' or '-'))
            {
                continue;
            }

            terms.Add(ParseTerm(recipe, recipe[start..i], subtract));
            subtract = i < recipe.Length && recipe[i] == '-';
            start = i + 1;
        }

        return new KokoroBlend(terms);
    }

    /// <summary>The key of the blended pack: SHA-256 (lowercase hex) of the canonical recipe and the parts' hashes, in order.</summary>
    public string DerivedHash(IReadOnlyList<string> partHashes)
    {
        var text = new StringBuilder("kokoro-blend-1\n").Append(Canonical);
        foreach (var hash in partHashes)
        {
            text.Append('\n').Append(hash);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Σ ±wᵢ·packᵢ / Σ wᵢ over <paramref name="packs"/> (one per term, in order), computed in double.</summary>
    /// <exception cref="TtsException">INVALID_ARGUMENT: the result is not finite.</exception>
    public float[] Mix(IReadOnlyList<float[]> packs)
    {
        ArgumentNullException.ThrowIfNull(packs);
        if (packs.Count != Terms.Count)
        {
            throw new ArgumentException($"A blend of {Terms.Count} terms needs as many packs, not {packs.Count}.", nameof(packs));
        }

        double total = Terms.Sum(static term => term.Weight);
        var sum = new double[packs[0].Length];
        for (int t = 0; t < Terms.Count; t++)
        {
            double weight = (Terms[t].Subtract ? -Terms[t].Weight : Terms[t].Weight) / total;
            var pack = packs[t];
            if (pack.Length != sum.Length)
            {
                throw new ArgumentException("The packs of a blend differ in length.", nameof(packs));
            }

            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += weight * pack[i];
            }
        }

        var mixed = new float[sum.Length];
        for (int i = 0; i < sum.Length; i++)
        {
            mixed[i] = (float)sum[i];
            if (!float.IsFinite(mixed[i]))
            {
                throw TtsException.Invalid($"The blend '{Canonical}' has values out of float range.");
            }
        }

        return mixed;
    }

    private static Term ParseTerm(string recipe, string text, bool subtract)
    {
        var term = text.Trim();
        if (term.Length == 0)
        {
            throw TtsException.Invalid($"The voice blend '{recipe}' has an empty term; write it as name(weight)+name(weight), e.g. af_bella(2)+af_sky(1).");
        }

        double weight = 1;
        var name = term;
        int open = term.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            if (!term.EndsWith(')') || term.IndexOf(')', StringComparison.Ordinal) != term.Length - 1)
            {
                throw TtsException.Invalid($"The term '{term}' of the voice blend '{recipe}' is not name or name(weight).");
            }

            var number = term[(open + 1)..^1].Trim();
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out weight)
                || !double.IsFinite(weight) || weight <= 0)
            {
                throw TtsException.Invalid($"The weight '{number}' of '{term}' in the voice blend '{recipe}' must be a finite number above 0.");
            }

            name = term[..open].Trim();
        }

        if (name.Length == 0)
        {
            throw TtsException.Invalid($"The term '{term}' of the voice blend '{recipe}' has no voice name.");
        }

        return new Term(name, weight, subtract);
    }
}
