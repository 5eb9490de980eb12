using System.Text;

namespace AiNative.Platform.Governance.Injection;

/// <summary>Which feature groups the injection classifier reads (chosen by leave-one-writer-out cross-validation in bench/Injection).</summary>
public sealed record InjectionFeatureSet(bool CharNGrams, bool Words, bool Rules, bool Channel)
{
    /// <summary>Short name for reports and the artifact, e.g. "char+word+rules+channel".</summary>
    public override string ToString() =>
        string.Join('+', new[] { CharNGrams ? "char" : null, Words ? "word" : null, Rules ? "rules" : null, Channel ? "channel" : null }.Where(n => n is not null));

    /// <summary>Parses <see cref="ToString"/>; unknown parts fail.</summary>
    public static InjectionFeatureSet Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = parts.Except(["char", "word", "rules", "channel"]).ToList();
        if (unknown.Count > 0 || parts.Length == 0)
        {
            throw new FormatException($"feature set '{value}': use char, word, rules, channel joined by '+'");
        }

        return new InjectionFeatureSet(parts.Contains("char"), parts.Contains("word"), parts.Contains("rules"), parts.Contains("channel"));
    }
}

/// <summary>
/// Turns a text into the sparse, hashed feature vector of <see cref="InjectionClassifier"/>: character 2–5-grams and word
/// uni/bigrams of the detector's normalised text (<see cref="InjectionTextNormalizer"/>: NFKC, invisible characters dropped,
/// look-alikes, accents and leetspeak folded; hidden parts and decoded payloads included), the rule signals, and the channel.
/// </summary>
/// <remarks>
/// Character n-grams carry across languages and spelling games; the hash (FNV-1a, fixed) makes the vector size independent
/// of the vocabulary, so training and scoring need only this code and the weights. Each text group is scaled to unit length
/// so a long document weighs as much as a short message.
/// </remarks>
public static class InjectionFeatures
{
    /// <summary>Hashed vector size (2^18).</summary>
    public const int Dimensions = 1 << 18;

    /// <summary>Characters of normalised text featurised; the rest of a long text is ignored (the rules still read it).</summary>
    public const int MaxChars = 20_000;

    private const uint CharSeed = 0x811C9DC5;
    private const uint WordSeed = 0x01000193;
    private const uint OtherSeed = 0x9E3779B9;

    /// <summary>The sparse vector (sorted, distinct indices) of <paramref name="text"/> read as <paramref name="channel"/>; <paramref name="ruleReasons"/> are the rule evidence names and <paramref name="ruleScore"/> their combined score.</summary>
    public static (int[] Indices, float[] Values) Vector(string text, string channel, InjectionFeatureSet set, IEnumerable<string> ruleReasons, double ruleScore)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Vector(InjectionTextNormalizer.Views(text, out _), channel, set, ruleReasons, ruleScore);
    }

    /// <summary>Like <see cref="Vector(string, string, InjectionFeatureSet, IEnumerable{string}, double)"/> from the text's views, when the detector already made them.</summary>
    internal static (int[] Indices, float[] Values) Vector(IReadOnlyList<InjectionView> views, string channel, InjectionFeatureSet set, IEnumerable<string> ruleReasons, double ruleScore)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(ruleReasons);
        var normalised = Normalised(views);
        var features = new Dictionary<int, float>();
        if (set.CharNGrams)
        {
            AddGroup(features, CharNGrams(normalised));
        }

        if (set.Words)
        {
            AddGroup(features, WordNGrams(normalised));
        }

        if (set.Rules)
        {
            foreach (var reason in ruleReasons)
            {
                features[Hash("rule:" + reason, OtherSeed)] = 1;
            }

            features[Hash("rule-score", OtherSeed)] = (float)ruleScore;
            features[Hash(ruleScore >= 0.5 ? "rule-flag" : "rule-clean", OtherSeed)] = 1;
        }

        if (set.Channel)
        {
            features[Hash("channel:" + channel, OtherSeed)] = 1;
        }

        var indices = features.Keys.Order().ToArray();
        return (indices, [.. indices.Select(i => features[i])]);
    }

    /// <summary>The text the n-grams are taken from: every view (visible, hidden, JSON values, decoded) but the squashed one, folded, one space between words.</summary>
    private static string Normalised(IReadOnlyList<InjectionView> views)
    {
        var builder = new StringBuilder();
        foreach (var view in views)
        {
            if (view.Origin == InjectionView.Squashed)
            {
                continue;
            }

            builder.Append(view.Text).Append('\n');
            if (builder.Length >= MaxChars)
            {
                break;
            }
        }

        return builder.Length > MaxChars ? builder.ToString(0, MaxChars) : builder.ToString();
    }

    private static Dictionary<int, float> CharNGrams(string text)
    {
        var counts = new Dictionary<int, float>();
        var padded = " " + string.Join(' ', text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)) + " ";
        var span = padded.AsSpan();
        for (var n = 2; n <= 5; n++)
        {
            for (var i = 0; i + n <= span.Length; i++)
            {
                var index = Hash(span.Slice(i, n), CharSeed + (uint)n);
                counts[index] = counts.GetValueOrDefault(index) + 1;
            }
        }

        return counts;
    }

    private static Dictionary<int, float> WordNGrams(string text)
    {
        var counts = new Dictionary<int, float>();
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        for (var i = 0; i < words.Count; i++)
        {
            var unigram = Hash(words[i], WordSeed);
            counts[unigram] = counts.GetValueOrDefault(unigram) + 1;
            if (i + 1 < words.Count)
            {
                var bigram = Hash(words[i] + " " + words[i + 1], WordSeed + 1);
                counts[bigram] = counts.GetValueOrDefault(bigram) + 1;
            }
        }

        return counts;
    }

    // Sublinear counts (1 + ln c), scaled to unit length, added into the vector.
    private static void AddGroup(Dictionary<int, float> features, Dictionary<int, float> counts)
    {
        if (counts.Count == 0)
        {
            return;
        }

        var norm = 0.0;
        foreach (var count in counts.Values)
        {
            var value = 1 + Math.Log(count);
            norm += value * value;
        }

        norm = Math.Sqrt(norm);
        foreach (var (index, count) in counts)
        {
            features[index] = features.GetValueOrDefault(index) + (float)((1 + Math.Log(count)) / norm);
        }
    }

    // FNV-1a over UTF-16 code units: stable across processes and platforms (string.GetHashCode is randomised).
    private static int Hash(ReadOnlySpan<char> value, uint seed)
    {
        var hash = seed;
        foreach (var c in value)
        {
            hash = (hash ^ (uint)(c & 0xFF)) * 16777619u;
            hash = (hash ^ (uint)(c >> 8)) * 16777619u;
        }

        return (int)(hash & (Dimensions - 1));
    }
}
