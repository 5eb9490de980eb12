using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Injection;

/// <summary>
/// Turns sentence similarities (<see cref="SemanticInjectionScorer"/>) into detector evidence: a sentence close to an
/// attack intent and clearly closer to it than to any benign look-alike adds "semantic:INTENT"; when no sentence is
/// attack-like and the text sits near a benign look-alike, phrase-rule hits about intent are discounted ("benign-lookalike").
/// </summary>
public static partial class SemanticEvidence
{
    /// <summary>Reason prefix of semantic evidence, followed by the intent.</summary>
    public const string Prefix = "semantic:";

    /// <summary>Reason added when a benign look-alike discounted the phrase rules.</summary>
    public const string BenignLookalike = "benign-lookalike";

    // Rule signals that judge intent from wording, which the semantic layer may overrule; structural evidence
    // (hidden text, encodings, exfiltration links, chat-template tokens) is never discounted.
    private static readonly HashSet<string> IntentSignals =
    [
        InjectionSignals.IgnoreInstructions, InjectionSignals.RoleOverride, InjectionSignals.PromptExtraction, InjectionSignals.NewInstructions,
        MultilingualIntent.AddressedOverride,
    ];

    /// <summary>Similarity to the nearest attacks (mean of the two nearest) from which a sentence counts.</summary>
    /// <remarks>
    /// One value for every channel: on both labelled sets 0.47 for documents and tool outputs lost two indirect attacks
    /// and removed no false positive. Channels still differ through the rule weights and the policies' per-channel thresholds.
    /// </remarks>
    internal const double AttackFloor = 0.45;

    /// <summary>How much closer to an attack than to a benign look-alike a sentence must be.</summary>
    internal const double MinMargin = 0.06;

    /// <summary>Sentences shorter than this many words need a higher similarity: MiniLM is erratic on a few words.</summary>
    internal const int ShortSentenceWords = 8;

    /// <summary>Rule score from which the semantic layer is not consulted (a discount could not bring it under 0.5).</summary>
    internal const double ConclusiveRuleScore = 0.9;

    /// <summary>Benign look-alike closer than the nearest attack by this much discounts intent rules.</summary>
    internal const double BenignMargin = 0.08;

    /// <summary>The similarities of every sentence of every view of <paramref name="text"/> (visible, hidden, decoded).</summary>
    public static IReadOnlyList<SentenceSimilarity> Similarities(string text, SemanticInjectionScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return string.IsNullOrWhiteSpace(text) ? [] : scorer.Score(Sentences(text, InjectionTextNormalizer.Views(text, out _)));
    }

    /// <summary>Reason of evidence from the kNN vote of the labelled sentence bank.</summary>
    public const string BankReason = "semantic:bank-vote";

    /// <summary>The sentences the semantic layer embeds for <paramref name="text"/>: every view, only those addressing a reader or giving an order.</summary>
    internal static List<string> GatedSentences(string text)
    {
        var sentences = Sentences(text, InjectionTextNormalizer.Views(text, out _));
        sentences.RemoveAll(s => !AddressOrOrderRegex().IsMatch(s));
        return sentences;
    }

    /// <summary>Adds semantic evidence to <paramref name="evidence"/>; true when something was discounted. <paramref name="lookalike"/>: the text sits nearer a benign look-alike than any attack.</summary>
    internal static bool Apply(string text, string channel, List<InjectionView> views, int discussion, SemanticInjectionScorer scorer, Dictionary<string, double> evidence, out bool lookalike)
    {
        lookalike = false;
        // Lazy: embedding costs ~50x the rules. Rules that are already conclusive need no second opinion, and only sentences
        // that address a reader or give an order can carry an instruction ("Where do I find the setup instructions?" does not).
        var keep = 1.0;
        foreach (var ruleWeight in evidence.Values)
        {
            keep *= 1 - ruleWeight;
        }

        if (1 - keep >= ConclusiveRuleScore)
        {
            return false;
        }

        // Where exemplars add no evidence (documents) the layer discounts rule evidence: with none there is nothing to
        // discount, so a clean retrieved passage costs no embedding.
        var tuning = scorer.Tuning;
        if (!tuning.ExemplarsAddEvidence(channel) && evidence.Count == 0)
        {
            return false;
        }

        var sentences = Sentences(text, views);
        sentences.RemoveAll(s => !AddressOrOrderRegex().IsMatch(s));

        var similarities = scorer.Score(sentences);
        if (similarities.Count == 0)
        {
            return false;
        }

        var hasBank = scorer.Bank is { Sentences.Count: > 0 };
        var bankMargin = hasBank ? tuning.BankMarginFor(channel) : null;
        var discount = discussion > 0 ? (discussion >= 2 ? 0.45 : 0.65) : 1;

        var floor = AttackFloor;
        var best = similarities.MaxBy(s => Weight(s, floor));
        var weight = Weight(best, floor);
        var fired = false;

        if (weight > 0 && tuning.ExemplarsAddEvidence(channel))
        {
            // Training material and write-ups paraphrase attacks too.
            var name = Prefix + best.Intent;
            evidence[name] = Math.Max(evidence.GetValueOrDefault(name), weight * discount);
            fired = true;
        }

        if (bankMargin is { } margin)
        {
            var voted = similarities.MaxBy(s => s.BankMargin);
            if (voted.BankMargin >= margin)
            {
                evidence[BankReason] = Math.Min(0.85, 0.6 + ((voted.BankMargin - margin) * 2)) * discount;
                fired = true;
            }
        }

        if (fired)
        {
            return discussion > 0;
        }

        // Only a topical, English sentence may discount: far from every attack (or not English) says nothing.
        var closest = similarities.MaxBy(s => s.Attack);
        if (closest.Attack >= 0.38 && closest.Benign >= 0.45 && closest.Benign - closest.Attack >= BenignMargin)
        {
            lookalike = true;
            var discounted = false;
            foreach (var key in evidence.Keys.Where(k => IntentSignals.Contains(k)).ToList())
            {
                evidence[key] *= 0.55;
                discounted = true;
            }

            if (discounted)
            {
                evidence[BenignLookalike] = 0;
            }
        }

        return false;
    }

    // 0 below the floor or margin; rises with similarity and margin to 0.85 for a near paraphrase.
    private static double Weight(SentenceSimilarity s, double floor)
    {
        var words = s.Sentence.Count(c => c == ' ') + 1;
        var attack = words < ShortSentenceWords ? s.Attack - 0.06 : s.Attack;
        return attack < floor || s.Margin < MinMargin ? 0 : Math.Min(0.85, 0.5 + ((attack - floor) * 1.5) + ((s.Margin - MinMargin) * 1.5));
    }

    // The visible text and each hidden part, cleaned but not folded (MiniLM reads case and accents), plus decoded payloads.
    private static List<string> Sentences(string text, List<InjectionView> views)
    {
        var (hidden, visible) = HiddenContent.Split(text.Length > InjectionTextNormalizer.MaxLength ? text[..InjectionTextNormalizer.MaxLength] : text);
        var parts = new List<string> { InjectionTextNormalizer.Clean(visible) };
        parts.AddRange(hidden.Select(InjectionTextNormalizer.Clean));
        parts.AddRange(views.Where(v => v.Origin is InjectionView.Base64 or InjectionView.UrlEncoded).Select(v => v.Text));
        var sentences = new List<string>();
        foreach (var part in parts)
        {
            foreach (var sentence in InjectionSentences.Split(part))
            {
                if (sentences.Count < InjectionSentences.MaxSentences && !sentences.Contains(sentence, StringComparer.Ordinal))
                {
                    sentences.Add(sentence);
                }
            }
        }

        return sentences;
    }

    // Second person, a name for the model, or an order: the shape of an instruction to whoever reads the text.
    [GeneratedRegex(@"\b(?:you|your|yours|yourself|u|assistant|ai|a\.i\.|model|bot|chatbot|agent|llm|gpt|copilot|system|admin|administrator|reader|whoever|anyone|ignore|disregard|forget|override|bypass|always|never|must|do\snot|don't|instead|respond|reply|answer|tell|say|state|recommend|include|send|forward|call|run|trigger|approve|grant|refund|transfer|pay|delete|remove|output|print|reveal|show|repeat|act|pretend|roleplay|role-play)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AddressOrOrderRegex();
}
