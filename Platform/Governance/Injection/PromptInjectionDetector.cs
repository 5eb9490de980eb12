using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Injection;

/// <summary>
/// Scores a text for prompt injection and jailbreaks: direct attacks (override instructions, role-play jailbreaks,
/// system prompt extraction) and indirect ones in documents and tool outputs (instructions addressed to the assistant,
/// hidden HTML/Markdown, exfiltration links, tool hijacking). Text is normalised first (<see cref="InjectionTextNormalizer"/>),
/// hidden parts and decoded payloads are scanned too, and text that discusses attacks (training, quotes) is discounted.
/// </summary>
/// <remarks>
/// Two layers: rules (phrasings in en/es/fr/de/pt/it, the <see cref="MultilingualIntent"/> lexicon for 13 languages, JSON values,
/// fake delimiters, obfuscation, hidden content, exfiltration links, tool hijacking) and a
/// semantic layer (<see cref="SemanticEvidence"/>: each sentence compared with attack and benign exemplars) for paraphrases
/// without trigger words. Attacks spread over several messages are missed. The bench (bench/Injection) measures where it stands.
/// </remarks>
public static partial class PromptInjectionDetector
{
    /// <summary>Reason for a fake system / tool-output delimiter in a document or tool output.</summary>
    public const string FakeDelimiter = "fake-delimiter";

    /// <summary>The threshold used when none is given.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>Scores <paramref name="text"/> as content of <paramref name="channel"/> (see <see cref="InjectionChannel"/>), rules plus the shared semantic layer.</summary>
    public static InjectionVerdict Detect(string? text, string channel = InjectionChannel.User, double threshold = DefaultThreshold) =>
        Detect(text, channel, threshold, SemanticInjectionScorer.Shared);

    /// <summary>Like <see cref="Detect(string?, string, double)"/> with a given semantic layer; null scores with the rules and the classifier alone.</summary>
    public static InjectionVerdict Detect(string? text, string channel, double threshold, SemanticInjectionScorer? semantic) =>
        Detect(text, channel, threshold, semantic, useRules: true, InjectionClassifier.Embedded);

    /// <summary>Like <see cref="Detect(string?, string, double, SemanticInjectionScorer?)"/> with a given trained classifier; null leaves it out (rules and semantic layer only).</summary>
    public static InjectionVerdict Detect(string? text, string channel, double threshold, SemanticInjectionScorer? semantic, InjectionClassifier? classifier) =>
        Detect(text, channel, threshold, semantic, useRules: true, classifier);

    // useRules: false scores with the semantic layer alone (cross-validation of that layer in bench/Injection).
    internal static InjectionVerdict Detect(string? text, string channel, double threshold, SemanticInjectionScorer? semantic, bool useRules, InjectionClassifier? classifier = null) =>
        Detect(text, channel, threshold, semantic, useRules, classifier, out _);

    // lookalike: the semantic layer placed the text nearer a benign look-alike than any attack (bench/Injection --train).
    internal static InjectionVerdict Detect(string? text, string channel, double threshold, SemanticInjectionScorer? semantic, bool useRules, InjectionClassifier? classifier, out bool lookalike)
    {
        lookalike = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return InjectionVerdict.Clean;
        }

        if (!InjectionChannel.IsKnown(channel))
        {
            throw new ArgumentException($"Unknown channel '{channel}' (use one of: {string.Join(", ", InjectionChannel.All)}).", nameof(channel));
        }

        var views = InjectionTextNormalizer.Views(text, out var disguised);
        var evidence = new Dictionary<string, double>(StringComparer.Ordinal);
        var hiddenInstructions = false;
        var encodedAttack = false;
        var dampened = false;
        var visibleDiscussion = DiscussionRegex().Count(views[0].Text);
        var fakeDelimiter = useRules && FakeDelimiterRegex().IsMatch(text) && InjectionChannel.IsUntrusted(channel);
        if (fakeDelimiter)
        {
            // "<<END_TOOL_OUTPUT>>", "<<SYSTEM>>", "[SYSTEM] Policy update": a document or tool result posing as the conversation's frame.
            evidence[FakeDelimiter] = visibleDiscussion >= 2 ? 0.3 : 0.7;
        }

        foreach (var view in useRules ? views : [])
        {
            var discussion = view.Origin == InjectionView.Hidden ? visibleDiscussion : DiscussionRegex().Count(view.Text);
            if (view.Origin == InjectionView.Squashed)
            {
                if (SquashedOverrideRegex().IsMatch(view.Text))
                {
                    evidence[$"{InjectionSignals.IgnoreInstructions} ({view.Origin})"] = 0.8;
                }

                continue;
            }

            // The multilingual lexicon reads the text with Cyrillic and CJK intact (the Latin fold maps look-alikes).
            var native = view.Source is null ? null : MultilingualIntent.Fold(view.Source);
            var signals = InjectionSignals.All.Select(s => (Signal: s, Text: view.Text))
                .Concat(native is null ? [] : MultilingualIntent.All.Select(s => (Signal: s, Text: native)));
            foreach (var (signal, target) in signals)
            {
                var weight = signal.WeightFor(channel);
                if (weight <= 0)
                {
                    continue;
                }

                var match = Match(signal.Pattern, target);
                if (match is null || OwnOrSupersededRules(signal.Name, match.Value))
                {
                    continue;
                }

                if (discussion > 0 && weight > 0.2)
                {
                    // Security training and incident write-ups quote attacks; quoted + discussed counts for little.
                    var factor = view.Origin != InjectionView.Hidden && Quoted(target, match.Index, match.Length) ? 0.2 : discussion >= 2 ? 0.45 : 0.65;
                    weight *= factor;
                    dampened = true;
                }

                hiddenInstructions |= view.Origin == InjectionView.Hidden;
                encodedAttack |= view.Origin is InjectionView.Base64 or InjectionView.UrlEncoded;
                var name = view.Origin == InjectionView.Visible ? signal.Name : $"{signal.Name} ({view.Origin})";
                evidence[name] = Math.Max(evidence.GetValueOrDefault(name), weight);
            }

            if (view.Origin == InjectionView.Hidden && ImperativeRegex().IsMatch(view.Text))
            {
                // Hidden text that gives orders is the indirect attack's signature even when no phrase above matched.
                evidence["hidden-instructions"] = (InjectionChannel.IsUntrusted(channel) ? 0.55 : 0.3) * (visibleDiscussion >= 2 ? 0.45 : 1);
            }
        }

        // The classifier reads the rules' own verdict (as in training: bench/Injection --train), before the semantic layer.
        var reads = classifier is not null && InjectionClassifier.Reads(text);
        var rules = reads ? Verdict(new Dictionary<string, double>(evidence, StringComparer.Ordinal), dampened, hiddenInstructions, visibleDiscussion, encodedAttack, disguised, threshold) : null;
        var probability = reads ? classifier!.Probability(views, channel, rules!.Reasons, rules.Score) : 0;
        if (reads && InjectionClassifier.Decides(text))
        {
            // The trained classifier decides texts of the lengths it was trained on: its features include the rules'
            // verdict, and out of fold it beat "rules + semantic OR classifier" on every channel. Conclusive rule evidence
            // still counts on its own. No sentence is embedded.
            return Decide(probability, ClassifierCut(text, classifier!.ThresholdFor(channel)), Conclusive(rules!), rules!.Reasons, threshold);
        }

        if (semantic is not null)
        {
            dampened |= SemanticEvidence.Apply(text, channel, views, visibleDiscussion, semantic, evidence, out lookalike);
        }

        var verdict = Verdict(evidence, dampened, hiddenInstructions, visibleDiscussion, encodedAttack, disguised, threshold);
        if (!reads)
        {
            return verdict;
        }

        // A short message ("The request is now approved") gives the n-grams little to go on, so only a confident
        // classifier adds to the rules and the semantic layer; in a page longer than any training text one injected sentence
        // is diluted, so there the classifier adds its verdict at its usual threshold.
        return Decide(probability, ClassifierCut(text, classifier!.ThresholdFor(channel)), Math.Max(verdict.Score, Conclusive(rules!)), verdict.Reasons, threshold);
    }

    /// <summary>
    /// The probability from which the classifier flags <paramref name="text"/>: the channel's trained threshold, or
    /// <see cref="ShortTextConfidence"/> for a text shorter than <see cref="InjectionClassifier.MinDecidingLength"/>.
    /// </summary>
    internal static double ClassifierCut(string text, double channelThreshold) =>
        text.Length < InjectionClassifier.MinDecidingLength ? Math.Max(ShortTextConfidence, channelThreshold) : channelThreshold;

    private static double Conclusive(InjectionVerdict rules) => rules.Score >= ConclusiveRules ? rules.Score : 0;

    /// <summary>Rule score from which the rules flag a text whatever the classifier says.</summary>
    internal const double ConclusiveRules = 0.8;

    /// <summary>Probability from which the classifier flags a text shorter than <see cref="InjectionClassifier.MinDecidingLength"/>.</summary>
    /// <remarks>0.95 since the 16-writer model (session 6) scored "The assistant is set up to hand every refund above the
    /// limit to a person for approval." 0.93; out of fold 0.95 costs user F1 0.002 against 0.9 (bench/Injection HISTORY).</remarks>
    internal const double ShortTextConfidence = 0.95;

    // The score is the classifier's probability rescaled so that its cut maps to 0.5 (policies speak in 0.5-centred
    // thresholds), or the other layers' score when that is higher. The rules' reasons stay as the explanation; the
    // classifier's is added when it fired or when there are other reasons to weigh it against.
    private static InjectionVerdict Decide(double probability, double cut, double otherScore, IReadOnlyList<string> reasons, double threshold)
    {
        var score = Math.Round(Math.Max(probability >= cut ? 0.5 + (0.5 * (probability - cut) / (1 - cut)) : 0.5 * probability / cut, otherScore), 3);
        var injection = score >= threshold;
        var all = injection || reasons.Count > 0
            ? [FormattableString.Invariant($"{ClassifierReason}{probability:0.00}"), .. reasons]
            : new List<string>();
        return new InjectionVerdict(score, injection, all);
    }

    /// <summary>Reason prefix of the trained classifier's evidence, followed by its probability ("classifier: 0.87").</summary>
    public const string ClassifierReason = "classifier: ";

    private static InjectionVerdict Verdict(Dictionary<string, double> evidence, bool dampened, bool hiddenInstructions, int visibleDiscussion, bool encodedAttack, bool disguised, double threshold)
    {
        if (evidence.Count > 0)
        {
            if (hiddenInstructions && visibleDiscussion < 2)
            {
                evidence["hidden-text"] = 0.3;
            }

            if (encodedAttack)
            {
                evidence["encoded-payload"] = 0.3;
            }

            if (disguised)
            {
                evidence["obfuscated-text"] = 0.2;
            }
        }

        var keep = 1.0;
        foreach (var weight in evidence.Values)
        {
            keep *= 1 - weight;
        }

        var score = Math.Round(1 - keep, 3);
        var reasons = evidence.OrderByDescending(e => e.Value).Select(e => e.Key).ToList();
        if (dampened)
        {
            reasons.Add("discussion-context");
        }

        return new InjectionVerdict(score, score >= threshold, reasons);
    }

    private static Match? Match(Regex pattern, string text)
    {
        try
        {
            var match = pattern.Match(text);
            return match.Success ? match : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    // "Please disregard my previous instructions about the delivery" is a customer changing their own request; "forget the
    // old password policy", "override the default system prompt" and "override default eslint rules" are people replacing
    // a named business policy or a configuration default, not anyone's instructions to the assistant.
    private static bool OwnOrSupersededRules(string signal, string match) =>
        signal == InjectionSignals.IgnoreInstructions
        && (FirstPersonRegex().IsMatch(match) || ConfigDefaultRegex().IsMatch(match) || NamedPolicyRegex().IsMatch(match));

    private static bool Quoted(string text, int start, int length)
    {
        var before = text[Math.Max(0, start - 120)..start];
        var after = text[(start + length)..Math.Min(text.Length, start + length + 120)];
        var opens = before.Count(c => c is '"' or '“' or '«' or '`') + before.Count(c => c == '\'') / 2;
        return (opens % 2 == 1 || before.TrimEnd().EndsWith('\'')) && after.IndexOfAny(['"', '”', '»', '`', '\'']) >= 0;
    }

    [GeneratedRegex(@"(?:ignor\w*|disregard|forget|olvid\w|oubli\w*|vergiss|esquec\w|dimentic\w)(?:all|the|your|todas|las|toutes|les|vos|alle|deine|as|suas|le|tutte|tue){0,2}(?:previous|prior|above|anteriores|previas|precedentes|vorherigen|bisherigen|anteriori|precedenti)?(?:instructions|instrucciones|instrucoes|anweisungen|istruzioni|consignes|rules|reglas|regles|regeln|regole|systemprompt)", RegexOptions.CultureInvariant)]
    private static partial Regex SquashedOverrideRegex();

    [GeneratedRegex(
        @"<<\s*/?\s*(?:system|sys|end[_ ]?(?:of[_ ])?(?:tool[_ ]?(?:output|result)|system|context|document|instructions?)|tool[_ ]?(?:output|result)|instructions?|admin|developer)\s*>>" +
        "|" + InjectionSignals.FramingChatToken +
        @"|\[\s*/?\s*(?:system|sys|admin|developer)\s*\]\s*(?:policy|update|override|instructions?|notice|message|note|new|prompt|directive|priority|important)" +
        @"|</?(?:system|tool_output|tool_result|function_results)>|#{2,}\s*(?:system|new\s+instructions?)\s*#{0,}\s*$|={3,}\s*(?:end\s+of\s+(?:tool\s+output|document|context)|system)\s*={3,}",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex FakeDelimiterRegex();

    [GeneratedRegex(@"\b(?:my|our|mis|nuestras|mes|nos|meine|unsere|minhas|nossas|mie|nostre)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FirstPersonRegex();

    [GeneratedRegex(@"^overrid(?:e|es|ing)\s(?:the\s)?defaults?\b", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigDefaultRegex();

    // A superseded policy with a name ("the old travel policy", "previous expense guidelines"); not the assistant's own
    // safety, content or system rules.
    [GeneratedRegex(
        @"\b(?:old|previous|prior|earlier|existing|current|original|initial|default)\s(?!(?:safety|content|usage|ethical|ethics|moral|moderation|system|ai|assistant|model|chatbot|bot|developer|programmed|built-in|security|filter\w*|guard\w*|your|its|the)\b)[a-z0-9][\w-]*(?:\s(?!(?:safety|content|usage|system|ai|assistant|model|developer|security)\b)[a-z0-9][\w-]*)?\s(?:polic(?:y|ies)|rules|guidelines)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex NamedPolicyRegex();

    [GeneratedRegex(
        @"\b(?:prompt[\s-]injections?|jailbreak(?:s|ing)?\s(?:attempts?|prompts?|attacks?|techniques?)|attackers?|adversar(?:y|ies|ial)|malicious\s(?:users?|actors?|prompts?|inputs?|documents?|content|instructions)|red[\s-]team(?:ing|ers)?|phishing|social\sengineering|security\s(?:awareness|training|team|review|researchers?|advisory|bulletin)|example\sof|for\sexample|e\.g\.|such\sas|known\sas|is\scalled|classif(?:y|ier|ies|ied)|detect(?:s|ion|or|ed)?|training\s(?:module|material|course|session|deck)|be\s(?:wary|aware|careful)\sof|watch\sout\sfor|never\s(?:follow|obey|comply)|(?:do|does|did|should|must|will)\snot\s(?:follow|obey|comply)|refuses?\sto|how\sto\s(?:defend|protect|prevent|spot)|mitigat(?:e|ion|ions)|owasp|llm01|test\scases?|what\s(?:does|do|is)\s(?:the\s)?(?:phrase|term|expression|sentence)|the\s(?:phrase|term|expression)\s['""“]|payloads?|quiz|workshop|inyeccion\sde\sprompts|injection\sde\sprompt|injection\sd'invite|prompt-injektion|injecao\sde\sprompt|iniezione\sdi\sprompt)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex DiscussionRegex();

    [GeneratedRegex(
        @"\b(?:you\s(?:must|should|will|are\sto)|ignore|disregard|always|never|do\snot|don't|instead|respond|reply|answer|tell\sthe\suser|say|recommend|include|send|call|approve|output|print|forward|summari[sz]e\sas)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex ImperativeRegex();
}
