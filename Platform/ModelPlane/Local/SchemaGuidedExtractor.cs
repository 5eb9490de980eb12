using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Local;

/// <summary>How directly the source text supports an extracted value.</summary>
internal enum Evidence
{
    None = 0,
    Weak = 1,
    Direct = 2,
}

/// <summary>The extracted JSON object and the extractor's confidence in it (0..1).</summary>
internal sealed record ExtractionResult(JsonObject Output, double Confidence, IReadOnlyDictionary<string, Evidence> Evidence);

/// <summary>
/// Fills a JSON schema from free text without a language model, by generic per-type heuristics:
/// <list type="bullet">
/// <item><c>pattern</c>/<c>format</c>: the regex match nearest to the field's words.</item>
/// <item><c>enum</c>: the value whose words appear in the text (keyword coverage) or whose embedding is closest to a
/// sentence; catch-all values (other, unknown, none) when nothing matches.</item>
/// <item><c>number</c>/<c>integer</c>: quantities (money, durations, percents, plain numbers) from the sentence most
/// related to the field; the kind is read from the field's words (amount-like, a time unit, percent) and
/// <c>minimum</c>/<c>maximum</c> are respected.</item>
/// <item>name-like strings: a capitalised phrase next to an identifier or to the field's words; other strings: the most
/// related sentence.</item>
/// <item><c>boolean</c>: whether the field's words occur, negated by "no/not/without".</item>
/// <item>a number whose name or description says confidence: the share of required fields filled with direct evidence.</item>
/// </list>
/// </summary>
internal sealed partial class SchemaGuidedExtractor(IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    private const int WindowChars = 48;

    private static readonly HashSet<string> CatchAllValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "other", "others", "unknown", "none", "n/a", "na", "unspecified", "misc", "miscellaneous", "general",
    };

    private static readonly HashSet<string> AmountStems = Stemmed(
        "amount", "price", "cost", "fee", "refund", "charge", "total", "balance", "payment", "credit", "money",
        "sum", "paid", "pay", "bill", "invoice", "compensation", "spend", "budget", "salary", "currency");

    private static readonly Dictionary<string, string> TimeUnitStems = new(StringComparer.Ordinal)
    {
        ["hour"] = "hour", ["hr"] = "hour", ["minut"] = "minute", ["min"] = "minute", ["second"] = "second", ["day"] = "day",
        ["week"] = "week", ["month"] = "month", ["year"] = "year",
    };

    private static readonly HashSet<string> DurationStems = Stemmed("duration", "downtime", "uptime", "elapsed", "outage", "delay", "length");

    // A field about what someone asks for prefers numbers in sentences that ask ("please credit £300").
    private static readonly HashSet<string> RequestStems = Stemmed("request", "requested", "ask", "asks", "claim", "claimed", "want", "seek", "demand");

    private static readonly HashSet<string> PercentStems = Stemmed("percent", "percentage", "%");

    private static readonly Dictionary<string, decimal> SecondsPerUnit = new(StringComparer.Ordinal)
    {
        ["second"] = 1, ["minute"] = 60, ["hour"] = 3600, ["day"] = 86400, ["week"] = 604800, ["month"] = 2629800, ["year"] = 31557600,
    };

    // Words that start sentences or letters with a capital without naming anything.
    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "hi", "hello", "hey", "dear", "thanks", "thank", "regards", "best", "cheers", "please", "sincerely", "kind",
        "the", "a", "an", "this", "that", "these", "those", "our", "we", "i", "my", "you", "your", "it", "its", "they",
        "he", "she", "his", "her", "there", "here", "also", "however", "yesterday", "today", "tomorrow", "last", "next",
        "on", "in", "at", "for", "from", "to", "of", "and", "or", "but", "if", "as", "by", "with", "after", "before",
        "since", "during", "because", "so", "could", "can", "would", "will", "should", "is", "are", "was", "were",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "customer", "client", "account", "ticket", "incident", "invoice", "order", "subject", "re", "fw", "fwd",
    };

    private static readonly HashSet<string> NameConnectors = new(StringComparer.Ordinal) { "&", "of", "and", "de", "der", "van", "von", "la", "le", "du" };

    public async Task<ExtractionResult> ExtractAsync(string sourceText, JsonElement schema, CancellationToken cancellationToken)
    {
        var document = new SourceDocument(JsonFlattener.FlattenEmbeddedJson(sourceText));
        var fields = FieldSpec.Collect(schema);
        var allFields = fields.SelectMany(f => f.SelfAndDescendants()).ToList();
        var texts = document.Segments.Select(s => s.Text)
            .Concat(allFields.Select(f => f.Query))
            .Concat(allFields.Where(f => f.Enum is not null).SelectMany(f => f.Enum!.Select(EnumPhrase)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var generated = texts.Count == 0 ? [] : await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            vectors[texts[i]] = Normalise(generated[i].Vector.ToArray());
        }

        var run = new Run(document, vectors);
        var evidence = new Dictionary<string, Evidence>(StringComparer.Ordinal);
        var output = ExtractObject(fields, run, evidence, prefix: "");
        return new ExtractionResult(output, run.Confidence, evidence);
    }

    private static JsonObject ExtractObject(IReadOnlyList<FieldSpec> fields, Run run, Dictionary<string, Evidence> evidence, string prefix)
    {
        var output = new JsonObject();
        var confidenceFields = new List<FieldSpec>();
        foreach (var field in fields)
        {
            if (IsConfidence(field))
            {
                confidenceFields.Add(field);
                continue;
            }

            var (value, strength) = ExtractField(field, run, evidence, prefix);
            evidence[prefix + field.Name] = strength;
            if (value is not null)
            {
                output[field.Name] = value;
            }
            else if (field.Nullable && field.Required)
            {
                output[field.Name] = null;
            }
            else if (field.Required)
            {
                output[field.Name] = Placeholder(field);
            }
        }

        var counted = fields.Where(f => !IsConfidence(f) && (f.Required || fields.All(x => !x.Required))).ToList();
        var confidence = counted.Count == 0 ? 0
            : counted.Sum(f => evidence[prefix + f.Name] switch { Evidence.Direct => 1.0, Evidence.Weak => 0.4, _ => 0.0 }) / counted.Count;
        if (prefix.Length == 0)
        {
            run.Confidence = Math.Round(confidence, 2);
        }

        foreach (var field in confidenceFields)
        {
            var scale = field.Maximum is { } max && max > 1 ? (double)max : 1.0;
            var value = (decimal)Math.Round(confidence * scale, scale > 1 ? 0 : 2);
            value = Math.Clamp(value, field.Minimum ?? value, field.Maximum ?? value);
            output[field.Name] = field.Type == "integer" ? JsonValue.Create((long)value) : JsonValue.Create(value);
            evidence[prefix + field.Name] = Evidence.Direct;
        }

        return output;
    }

    private static (JsonNode? Value, Evidence Strength) ExtractField(FieldSpec field, Run run, Dictionary<string, Evidence> evidence, string prefix)
    {
        if (field.Enum is { Count: > 0 })
        {
            return ExtractEnum(field, run);
        }

        return field.Type switch
        {
            "string" when field.Pattern is not null || FormatPatterns.ContainsKey(field.Format ?? "") => ExtractPattern(field, run),
            "string" when IsNameLike(field) => ExtractName(field, run),
            "string" => ExtractSentence(field, run),
            "number" or "integer" => ExtractNumber(field, run),
            "boolean" => ExtractBoolean(field, run),
            "object" => ExtractNested(field, run, evidence, prefix),
            "array" => ExtractArray(field, run),
            _ => (null, Evidence.None),
        };
    }

    private static (JsonNode?, Evidence) ExtractNested(FieldSpec field, Run run, Dictionary<string, Evidence> evidence, string prefix)
    {
        var childPrefix = prefix + field.Name + ".";
        var value = ExtractObject(field.Children, run, evidence, childPrefix);
        var strengths = field.Children.Select(c => evidence.GetValueOrDefault(childPrefix + c.Name)).ToList();
        var strength = strengths.Contains(Evidence.Direct) ? Evidence.Direct : strengths.Contains(Evidence.Weak) ? Evidence.Weak : Evidence.None;
        return (value, strength);
    }

    private static (JsonNode?, Evidence) ExtractArray(FieldSpec field, Run run)
    {
        var items = new JsonArray();
        if (field.Items is { } item && item.Type == "string" && (item.Pattern is not null || FormatPatterns.ContainsKey(item.Format ?? "")))
        {
            foreach (var match in PatternMatches(item, run).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                items.Add(match);
            }
        }
        else if (field.Items is { Enum: { Count: > 0 } values })
        {
            foreach (var value in values.Where(v => TextAnalysis.Coverage(TextAnalysis.Stems(EnumPhrase(v)), run.Document.AllStems) >= 1))
            {
                items.Add(JsonNode.Parse(value.GetRawText()));
            }
        }

        return items.Count > 0 ? (items, Evidence.Direct) : (items, Evidence.None);
    }

    private static readonly Dictionary<string, string> FormatPatterns = new(StringComparer.Ordinal)
    {
        ["email"] = @"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
        ["date"] = @"\d{4}-\d{2}-\d{2}",
        ["date-time"] = @"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})",
        ["uuid"] = @"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        ["uri"] = @"https?://[^\s""'<>]+",
        ["ipv4"] = @"(?:\d{1,3}\.){3}\d{1,3}",
    };

    private static (JsonNode?, Evidence) ExtractPattern(FieldSpec field, Run run)
    {
        var best = PatternMatches(field, run)
            .Select(m => (m.Value, Score: run.Relevance(field, run.Document.SegmentAt(m.Index)) + 0.8 * run.NearCoverage(field.NameStems, m.Index, m.Length)))
            .OrderByDescending(c => c.Score)
            .FirstOrDefault();
        return best.Value is null ? (null, Evidence.None) : (JsonValue.Create(best.Value), Evidence.Direct);
    }

    private static IEnumerable<Match> PatternMatches(FieldSpec field, Run run)
    {
        var pattern = field.Pattern ?? FormatPatterns[field.Format!];
        Regex search, full;
        try
        {
            // Schema patterns are usually anchored to the whole value: unanchor them to search the text, at token edges.
            search = new Regex($@"(?<![\w-])(?:{StripAnchors(pattern)})(?![\w-])", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(250));
            full = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(250));
        }
        catch (ArgumentException)
        {
            yield break;
        }

        List<Match> matches;
        try
        {
            matches = [.. search.Matches(run.Document.Text).Where(m => m.Length > 0 && full.IsMatch(m.Value))];
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological schema pattern must not hang the request: treat it as no evidence.
            yield break;
        }

        foreach (var match in matches)
        {
            yield return match;
        }
    }

    private static string StripAnchors(string pattern)
    {
        var core = pattern;
        if (core.StartsWith('^'))
        {
            core = core[1..];
        }
        else if (core.StartsWith(@"\A", StringComparison.Ordinal))
        {
            core = core[2..];
        }

        if (core.EndsWith(@"\z", StringComparison.Ordinal) || core.EndsWith(@"\Z", StringComparison.Ordinal))
        {
            core = core[..^2];
        }
        else if (core.EndsWith('$') && !core.EndsWith(@"\$", StringComparison.Ordinal))
        {
            core = core[..^1];
        }

        return core;
    }

    private static (JsonNode?, Evidence) ExtractEnum(FieldSpec field, Run run)
    {
        var scored = new List<(JsonElement Value, double Score, bool Lexical, bool FullPhrase)>();
        foreach (var value in field.Enum!)
        {
            var phrase = EnumPhrase(value);
            if (CatchAllValues.Contains(phrase))
            {
                continue;
            }

            var stems = TextAnalysis.Stems(phrase);
            var phraseVector = run.Vectors[phrase];
            var best = 0.0;
            var lexical = false;
            var fullPhrase = false;
            foreach (var segment in run.Document.Segments)
            {
                var coverage = TextAnalysis.Coverage(stems, segment.Stems);
                var score = 0.6 * coverage + Cosine(phraseVector, run.Vectors[segment.Text]);
                if (score > best)
                {
                    best = score;
                }

                lexical |= coverage >= 0.5;
                fullPhrase |= coverage >= 1;
            }

            scored.Add((value, best, lexical, fullPhrase));
        }

        var ranked = scored.OrderByDescending(s => s.Score).ToList();
        var top = ranked.FirstOrDefault();
        var margin = ranked.Count > 1 ? top.Score - ranked[1].Score : top.Score;
        var catchAll = field.Enum!.FirstOrDefault(v => CatchAllValues.Contains(EnumPhrase(v)));
        // Without shared words, a value needs a clearly closer meaning than the others (MiniLM noise is about 0.3);
        // codes (USD, P1, xl) carry no meaning for an embedding, so they need their words in the text.
        var semantic = !IsCode(EnumPhrase(top.Value)) && (top.Score >= 0.45 || (top.Score >= 0.3 && margin >= 0.05));
        if (scored.Count > 0 && (top.Lexical || semantic))
        {
            // Direct only when the value's words are all present and no other value's are: "refund" in a text that
            // also says "no refund" is ambiguous.
            var unambiguous = top.FullPhrase && scored.Count(s => s.FullPhrase) == 1;
            return (JsonNode.Parse(top.Value.GetRawText()), unambiguous ? Evidence.Direct : Evidence.Weak);
        }

        if (catchAll.ValueKind != JsonValueKind.Undefined)
        {
            return (JsonNode.Parse(catchAll.GetRawText()), Evidence.Weak);
        }

        if (field.Nullable || scored.Count == 0)
        {
            return (null, Evidence.None);
        }

        return (JsonNode.Parse(top.Value.GetRawText()), Evidence.Weak);
    }

    private static (JsonNode?, Evidence) ExtractNumber(FieldSpec field, Run run)
    {
        var (wantedKind, wantedUnit) = FieldQuantityKind(field);
        var requestField = field.AllStems.Any(RequestStems.Contains);
        (decimal Value, double Score, Evidence Strength)? best = null;
        foreach (var quantity in run.Document.Quantities)
        {
            var value = quantity.Value;
            double kindBonus;
            switch (wantedKind, quantity.Kind)
            {
                case (_, QuantityKind.Plain):
                    kindBonus = 0;
                    break;
                case (QuantityKind.Plain, _):
                    kindBonus = 0.2;
                    break;
                case (QuantityKind.Duration, QuantityKind.Duration) when wantedUnit is not null && quantity.Unit != wantedUnit:
                    value = decimal.Round(value * SecondsPerUnit[quantity.Unit!] / SecondsPerUnit[wantedUnit], 4);
                    kindBonus = 0.6;
                    break;
                case var (want, have) when want == have:
                    kindBonus = 0.8;
                    break;
                default:
                    continue;
            }

            if (!field.InRange(value) || (field.Type == "integer" && value != decimal.Truncate(value)))
            {
                continue;
            }

            var segment = run.Document.SegmentAt(quantity.Start);
            var near = run.NearCoverage(field.NameStems, quantity.Start, quantity.Length);
            var nearDescription = run.NearCoverage(field.DescriptionStems, quantity.Start, quantity.Length);
            var yearLike = quantity.Kind == QuantityKind.Plain && value is >= 1900 and <= 2100 && value == decimal.Truncate(value) ? 0.3 : 0;
            var requested = requestField && RequestCueRegex().IsMatch(segment.Text) ? 0.4 : 0;
            var score = 0.5 * run.Relevance(field, segment) + 0.8 * near + 0.3 * nearDescription + kindBonus + requested - yearLike;
            if (score < 0.5)
            {
                continue;
            }

            var strength = kindBonus > 0 || near >= 0.5 ? Evidence.Direct : Evidence.Weak;
            if (best is null || score > best.Value.Score)
            {
                best = (value, score, strength);
            }
        }

        if (best is not { } chosen)
        {
            return (null, Evidence.None);
        }

        return field.Type == "integer"
            ? (JsonValue.Create((long)chosen.Value), chosen.Strength)
            : (JsonValue.Create(chosen.Value), chosen.Strength);
    }

    private static (QuantityKind Kind, string? Unit) FieldQuantityKind(FieldSpec field)
    {
        foreach (var stem in field.AllStems)
        {
            if (TimeUnitStems.TryGetValue(stem, out var unit))
            {
                return (QuantityKind.Duration, unit);
            }
        }

        if (field.AllStems.Any(DurationStems.Contains))
        {
            return (QuantityKind.Duration, null);
        }

        if (field.AllStems.Any(PercentStems.Contains))
        {
            return (QuantityKind.Percent, null);
        }

        return field.AllStems.Any(AmountStems.Contains) ? (QuantityKind.Money, null) : (QuantityKind.Plain, null);
    }

    private static (JsonNode?, Evidence) ExtractName(FieldSpec field, Run run)
    {
        var nameStem = TextAnalysis.Stem("name");
        var cueStems = field.AllStems.Where(s => s != nameStem).ToList();
        (string Text, double Score)? best = null;
        foreach (var (text, start, length) in CapitalisedPhrases(run.Document.Text))
        {
            var phraseStems = TextAnalysis.Stems(text);
            if (phraseStems.Count == 0 || phraseStems.All(cueStems.Contains))
            {
                continue;
            }

            var segment = run.Document.SegmentAt(start);
            var around = run.Document.Text.Substring(Math.Max(0, start - 24), Math.Min(run.Document.Text.Length, start + length + 24) - Math.Max(0, start - 24));
            var score = (IdentifierRegex().IsMatch(around) ? 1.0 : 0)
                + 0.6 * run.NearCoverage(cueStems, start, length)
                + (text.Contains(' ', StringComparison.Ordinal) ? 0.2 : 0)
                + 0.3 * run.Relevance(field, segment)
                - (start == segment.Start && !text.Contains(' ', StringComparison.Ordinal) ? 0.4 : 0);
            if (score >= 0.5 && (best is null || score > best.Value.Score))
            {
                best = (text, score);
            }
        }

        return best is { } chosen
            ? (JsonValue.Create(Clip(field, chosen.Text)), chosen.Score >= 0.9 ? Evidence.Direct : Evidence.Weak)
            : (null, Evidence.None);
    }

    private static IEnumerable<(string Text, int Start, int Length)> CapitalisedPhrases(string text)
    {
        foreach (Match match in CapitalisedPhraseRegex().Matches(text))
        {
            var words = WordPositionRegex().Matches(match.Value).Select(w => (Text: w.Value.TrimEnd('.', ',', '\''), w.Index)).ToList();
            var first = 0;
            while (first < words.Count && (NotNames.Contains(words[first].Text) || NameConnectors.Contains(words[first].Text) || words[first].Text.Any(char.IsDigit)))
            {
                first++;
            }

            var last = first;
            while (last < words.Count && !words[last].Text.Any(char.IsDigit) && !(NotNames.Contains(words[last].Text) && !NameConnectors.Contains(words[last].Text)))
            {
                last++;
            }

            while (last > first && NameConnectors.Contains(words[last - 1].Text))
            {
                last--;
            }

            if (last <= first || (last - first == 1 && words[first].Text.Length < 2))
            {
                continue;
            }

            var startInMatch = words[first].Index;
            var endInMatch = words[last - 1].Index + words[last - 1].Text.Length;
            yield return (match.Value[startInMatch..endInMatch], match.Index + startInMatch, endInMatch - startInMatch);
        }
    }

    // Sentences with more content words, and earlier ones (people state the problem first), make better summaries.
    private static double Prior(Segment segment, int count) =>
        (0.2 * Math.Min(segment.Stems.Count, 12) / 12.0) + (0.15 * (1 - (segment.Index / (double)Math.Max(1, count)))) - (segment.Stems.Count < 4 ? 0.3 : 0);

    /// <summary>The sentence that is both about the field and central to the text (closest to the mean of all sentences).</summary>
    private static (JsonNode?, Evidence) ExtractSentence(FieldSpec field, Run run)
    {
        var best = run.Document.Segments
            .Where(s => s.Stems.Count >= 2)
            .Select(s => (Segment: s, Score: 0.5 * run.Relevance(field, s) + run.Centrality(s) + Prior(s, run.Document.Segments.Count)))
            .OrderByDescending(c => c.Score)
            .FirstOrDefault();
        if (best.Segment is null)
        {
            return (null, Evidence.None);
        }

        var text = StripLabel(best.Segment.Text);
        return (JsonValue.Create(Clip(field, text)), best.Segment.Stems.Count >= 4 ? Evidence.Direct : Evidence.Weak);
    }

    private static (JsonNode?, Evidence) ExtractBoolean(FieldSpec field, Run run)
    {
        var cue = field.NameStems.Where(s => s is not ("is" or "has" or "flag")).ToList();
        foreach (var segment in run.Document.Segments)
        {
            if (TextAnalysis.Coverage(cue, segment.Stems) >= 0.5)
            {
                var negated = TextAnalysis.Words(segment.Text).Any(w => w is "no" or "not" or "never" or "without" or "none" || w.EndsWith("n't", StringComparison.Ordinal));
                return (JsonValue.Create(!negated), Evidence.Direct);
            }
        }

        return field.Nullable ? (null, Evidence.None) : (JsonValue.Create(false), Evidence.Weak);
    }

    private static JsonNode? Placeholder(FieldSpec field) => field.Type switch
    {
        "string" => JsonValue.Create(""),
        "number" or "integer" => JsonValue.Create(field.Minimum ?? (field.ExclusiveMinimum is { } x ? x + 1 : 0)),
        "boolean" => JsonValue.Create(false),
        "array" => new JsonArray(),
        "object" => new JsonObject(),
        _ => null,
    };

    private static bool IsCode(string phrase) => !phrase.Contains(' ', StringComparison.Ordinal) && phrase.Length <= 4;

    private static bool IsConfidence(FieldSpec field) =>
        field.Type is "number" or "integer" && field.Mentions(TextAnalysis.Stem("confidence"));

    private static bool IsNameLike(FieldSpec field) =>
        field.NameStems.Contains(TextAnalysis.Stem("name")) || field.DescriptionStems.Contains(TextAnalysis.Stem("name"));

    private static string EnumPhrase(JsonElement value) =>
        TextAnalysis.Humanize(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());

    private static string Clip(FieldSpec field, string text) => TextAnalysis.Clip(text, Math.Max(1, field.MaxLength ?? 300));

    // Flattened JSON lines and template headings read "label: value"; a sentence field wants the value.
    private static string StripLabel(string text)
    {
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon is > 0 and < 40 && text[..colon].All(c => char.IsLetter(c) || c == ' ') ? text[(colon + 2)..] : text;
    }

    private static HashSet<string> Stemmed(params string[] words) =>
        words.SelectMany(TextAnalysis.Stems).ToHashSet(StringComparer.Ordinal);

    private static float[] Normalise(float[] vector)
    {
        var norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        if (norm > 0 && Math.Abs(norm - 1) > 1e-3)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] = (float)(vector[i] / norm);
            }
        }

        return vector;
    }

    internal static double Cosine(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    [GeneratedRegex(@"\b[A-Z]{1,6}-?\d+\b")]
    private static partial Regex IdentifierRegex();

    [GeneratedRegex(@"\b\p{Lu}[\p{L}\p{N}'.-]*(?:[ \t]+(?:\p{Lu}[\p{L}\p{N}'.-]*|&|(?:of|and|de|der|van|von|la|le|du)\b))*")]
    private static partial Regex CapitalisedPhraseRegex();

    [GeneratedRegex(@"\b(?:please|request(?:s|ed|ing)?|would like|'d like|ask(?:s|ed|ing)?|want(?:s|ed)?|need(?:s|ed)?|claim(?:s|ed|ing)?|seek(?:s|ing)?|expect(?:s|ed|ing)?|demand(?:s|ed|ing)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RequestCueRegex();

    [GeneratedRegex(@"[^\s]+")]
    private static partial Regex WordPositionRegex();

    /// <summary>The analysed source and its embeddings for one extraction.</summary>
    private sealed class Run(SourceDocument document, Dictionary<string, float[]> vectors)
    {
        public SourceDocument Document { get; } = document;

        public Dictionary<string, float[]> Vectors { get; } = vectors;

        private float[]? centroid;

        public double Confidence { get; set; }

        /// <summary>Similarity of a sentence to the mean of all sentences: how representative it is of the text.</summary>
        public double Centrality(Segment segment)
        {
            if (centroid is null)
            {
                var sum = new float[Vectors[Document.Segments[0].Text].Length];
                foreach (var s in Document.Segments)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(sum, Vectors[s.Text], sum);
                }

                centroid = Normalise(sum);
            }

            return Cosine(centroid, Vectors[segment.Text]);
        }

        public double Similarity(FieldSpec field, Segment segment) => Cosine(Vectors[field.Query], Vectors[segment.Text]);

        /// <summary>How much a sentence is about the field: meaning plus the field's own words.</summary>
        public double Relevance(FieldSpec field, Segment segment) =>
            Similarity(field, segment)
            + 0.5 * TextAnalysis.Coverage(field.NameStems, segment.Stems)
            + 0.2 * TextAnalysis.Coverage(field.DescriptionStems, segment.Stems);

        /// <summary>Share of the stems written within a few words of a position (same line).</summary>
        public double NearCoverage(IReadOnlyCollection<string> stems, int start, int length)
        {
            if (stems.Count == 0)
            {
                return 0;
            }

            var text = Document.Text;
            var from = Math.Max(0, start - WindowChars);
            var to = Math.Min(text.Length, start + length + WindowChars);
            var lineStart = text.LastIndexOf('\n', Math.Max(0, start - 1));
            var lineEnd = text.IndexOf('\n', start + length);
            from = Math.Max(from, lineStart + 1);
            to = lineEnd >= 0 ? Math.Min(to, lineEnd) : to;
            return TextAnalysis.Coverage(stems, TextAnalysis.Stems(text[from..to]));
        }
    }
}

/// <summary>The text an extraction reads: segments, quantities and a stem set.</summary>
internal sealed class SourceDocument
{
    private readonly int[] starts;

    public SourceDocument(string text)
    {
        Text = text;
        Segments = TextAnalysis.Segment(text);
        if (Segments.Count == 0)
        {
            Segments = [new Segment(0, text, 0, [])];
        }

        starts = [.. Segments.Select(s => s.Start)];
        Quantities = QuantityScanner.Scan(text);
        AllStems = Segments.SelectMany(s => s.Stems).ToHashSet(StringComparer.Ordinal);
    }

    public string Text { get; }

    public List<Segment> Segments { get; }

    public List<Quantity> Quantities { get; }

    public HashSet<string> AllStems { get; }

    public Segment SegmentAt(int position)
    {
        var index = Array.BinarySearch(starts, position);
        return Segments[index >= 0 ? index : Math.Max(0, ~index - 1)];
    }
}
