using System.Globalization;
using System.Text.RegularExpressions;
using AiNative.Platform.Evals.Scoring;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiNative.Platform.Evals.Catalog;

/// <summary>Reads one suite file and checks it, collecting every error with the file, field path and line.</summary>
internal sealed partial class EvalSuiteParser
{
    private static readonly HashSet<string> SuiteKeys = ["id", "version", "description", "prompt", "input_variable", "cases", "scorers", "thresholds"];
    private static readonly HashSet<string> CaseKeys = ["id", "input", "expected", "context"];
    private static readonly HashSet<string> ScorerKeys = ["name", "field", "type", "tolerance", "ignore_case", "values", "pattern"];
    private static readonly HashSet<string> ThresholdKeys = ["overall_min_score", "per_scorer_min", "max_failed_cases"];

    private readonly string _file;
    private readonly List<string> _errors;

    private EvalSuiteParser(string file, List<string> errors)
    {
        _file = file;
        _errors = errors;
    }

    /// <summary>The suite, or null with at least one message added to <paramref name="errors"/>.</summary>
    public static EvalSuite? Parse(string path, string yaml, List<string> errors)
    {
        var parser = new EvalSuiteParser(Path.GetFileName(path), errors);
        var before = errors.Count;
        YamlStream stream = [];
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            parser.Error("(document)", e.Start.Line, $"invalid YAML: {e.Message}");
            return null;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            parser.Error("(document)", 0, "expected exactly one YAML mapping (id, version, prompt, cases, scorers, thresholds)");
            return null;
        }

        var suite = parser.ReadSuite(root, path);
        return errors.Count == before ? suite : null;
    }

    private EvalSuite? ReadSuite(YamlMappingNode root, string path)
    {
        CheckKeys(root, SuiteKeys, "");
        var id = RequiredString(root, "id", "id");
        if (id is not null && !IdPattern().IsMatch(id))
        {
            Error("id", Line(root, "id"), $"'{id}' must be lowercase letters, digits and dashes");
        }

        var version = RequiredString(root, "version", "version");
        if (version is not null && !VersionPattern().IsMatch(version))
        {
            Error("version", Line(root, "version"), $"'{version}' must be a semantic version such as 1.0.0");
        }

        var description = OptionalString(root, "description", "description") ?? "";
        var prompt = RequiredString(root, "prompt", "prompt");
        var inputVariable = RequiredString(root, "input_variable", "input_variable");
        var scorers = ReadScorers(root);
        var cases = ReadCases(root, scorers);
        var thresholds = ReadThresholds(root, scorers);

        if (id is null || version is null || prompt is null || inputVariable is null || scorers is null || cases is null || thresholds is null)
        {
            return null;
        }

        CheckScorersHaveExpectations(scorers, cases);
        return new EvalSuite(id, version, description, prompt, inputVariable, cases, scorers, thresholds, path);
    }

    private List<EvalScorerDefinition>? ReadScorers(YamlMappingNode root)
    {
        if (Get(root, "scorers") is not YamlSequenceNode list || list.Children.Count == 0)
        {
            Error("scorers", Line(root, "scorers"), "is required: a non-empty list of {field, type}");
            return null;
        }

        var scorers = new List<EvalScorerDefinition>();
        var ok = true;
        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = $"scorers[{i}]";
            if (list.Children[i] is not YamlMappingNode node)
            {
                Error(at, list.Children[i].Start.Line, "must be a mapping {field, type}");
                ok = false;
                continue;
            }

            CheckKeys(node, ScorerKeys, at);
            var field = RequiredString(node, "field", $"{at}.field");
            var typeText = RequiredString(node, "type", $"{at}.type");
            EvalScorerType? type = typeText switch
            {
                null => null,
                "exact" => EvalScorerType.Exact,
                "numeric" => EvalScorerType.Numeric,
                "contains" => EvalScorerType.Contains,
                "one_of" => EvalScorerType.OneOf,
                "regex" => EvalScorerType.Regex,
                _ => null,
            };
            if (typeText is not null && type is null)
            {
                Error($"{at}.type", Line(node, "type"), $"'{typeText}' is not a scorer type (exact, numeric, contains, one_of, regex)");
            }

            var tolerance = OptionalNumber(node, "tolerance", $"{at}.tolerance") ?? 0;
            if (tolerance < 0)
            {
                Error($"{at}.tolerance", Line(node, "tolerance"), "must be zero or more");
            }

            if (Get(node, "tolerance") is not null && type is not EvalScorerType.Numeric)
            {
                Error($"{at}.tolerance", Line(node, "tolerance"), "applies only to numeric scorers");
            }

            var ignoreCase = OptionalBool(node, "ignore_case", $"{at}.ignore_case") ?? false;
            var values = OptionalStringList(node, "values", $"{at}.values") ?? [];
            var pattern = OptionalString(node, "pattern", $"{at}.pattern");
            if (type is EvalScorerType.Regex)
            {
                if (pattern is null)
                {
                    Error($"{at}.pattern", node.Start.Line, "is required for a regex scorer");
                }
                else
                {
                    try
                    {
                        _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                    }
                    catch (ArgumentException e)
                    {
                        Error($"{at}.pattern", Line(node, "pattern"), $"is not a valid regular expression: {e.Message}");
                    }
                }
            }
            else if (pattern is not null)
            {
                Error($"{at}.pattern", Line(node, "pattern"), "applies only to regex scorers");
            }

            if (values.Count > 0 && type is not EvalScorerType.OneOf)
            {
                Error($"{at}.values", Line(node, "values"), "applies only to one_of scorers");
            }

            if (field is null || type is null)
            {
                ok = false;
                continue;
            }

            var name = OptionalString(node, "name", $"{at}.name") ?? $"{field}_{typeText}";
            if (scorers.Any(s => s.Name == name))
            {
                Error($"{at}.name", node.Start.Line, $"duplicate scorer name '{name}': give one of them a distinct 'name'");
                ok = false;
            }

            scorers.Add(new EvalScorerDefinition(name, field, type.Value, tolerance, ignoreCase, values, pattern));
        }

        return ok ? scorers : null;
    }

    private List<EvalCase>? ReadCases(YamlMappingNode root, List<EvalScorerDefinition>? scorers)
    {
        if (Get(root, "cases") is not YamlSequenceNode list || list.Children.Count == 0)
        {
            Error("cases", Line(root, "cases"), "is required: a non-empty list of {id, input, expected}");
            return null;
        }

        var fields = scorers?.Select(s => s.Field).ToHashSet(StringComparer.Ordinal);
        var cases = new List<EvalCase>();
        var ok = true;
        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = $"cases[{i}]";
            if (list.Children[i] is not YamlMappingNode node)
            {
                Error(at, list.Children[i].Start.Line, "must be a mapping {id, input, expected}");
                ok = false;
                continue;
            }

            CheckKeys(node, CaseKeys, at);
            var id = RequiredString(node, "id", $"{at}.id");
            if (id is not null)
            {
                at = $"cases[{i}] ({id})";
                if (cases.Any(c => c.Id == id))
                {
                    Error($"{at}.id", Line(node, "id"), $"duplicate case id '{id}'");
                    ok = false;
                }
            }

            var input = RequiredString(node, "input", $"{at}.input");
            var context = OptionalString(node, "context", $"{at}.context");
            var expected = ReadExpected(node, at, fields, scorers);
            if (id is null || input is null || expected is null)
            {
                ok = false;
                continue;
            }

            cases.Add(new EvalCase(id, input, expected, context));
        }

        return ok ? cases : null;
    }

    private Dictionary<string, EvalExpectedValue>? ReadExpected(
        YamlMappingNode node, string at, HashSet<string>? fields, List<EvalScorerDefinition>? scorers)
    {
        var expected = new Dictionary<string, EvalExpectedValue>(StringComparer.Ordinal);
        var value = Get(node, "expected");
        if (value is null)
        {
            return expected;
        }

        if (value is not YamlMappingNode map)
        {
            Error($"{at}.expected", value.Start.Line, "must be a mapping of field to expected value");
            return null;
        }

        var ok = true;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var field = ((YamlScalarNode)keyNode).Value ?? "";
            var fieldAt = $"{at}.expected.{field}";
            if (fields is not null && !fields.Contains(field))
            {
                Error(fieldAt, keyNode.Start.Line, $"no scorer reads field '{field}' (scorer fields: {string.Join(", ", fields.Order(StringComparer.Ordinal))})");
                ok = false;
                continue;
            }

            var expectation = ReadExpectedValue(valueNode, fieldAt);
            if (expectation is null)
            {
                ok = false;
                continue;
            }

            foreach (var scorer in scorers?.Where(s => s.Field == field && s.Type == EvalScorerType.Numeric) ?? [])
            {
                foreach (var text in expectation.Values.Where(v => !EvalNumber.TryParse(v, out _)))
                {
                    Error(fieldAt, valueNode.Start.Line, $"'{text}' is not a number, but scorer '{scorer.Name}' is numeric");
                    ok = false;
                }
            }

            expected[field] = expectation;
        }

        return ok ? expected : null;
    }

    private EvalExpectedValue? ReadExpectedValue(YamlNode node, string at)
    {
        switch (node)
        {
            case YamlScalarNode scalar when IsNull(scalar):
                return EvalExpectedValue.Null;
            case YamlScalarNode scalar:
                return new EvalExpectedValue([scalar.Value!]);
            case YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode s && !IsNull(s)) && sequence.Children.Count > 0:
                return new EvalExpectedValue(sequence.Children.Select(c => ((YamlScalarNode)c).Value!).ToList());
            default:
                Error(at, node.Start.Line, "must be a value, a non-empty list of values, or null");
                return null;
        }
    }

    private EvalThresholds? ReadThresholds(YamlMappingNode root, List<EvalScorerDefinition>? scorers)
    {
        if (Get(root, "thresholds") is not YamlMappingNode node)
        {
            Error("thresholds", Line(root, "thresholds"), "is required: a mapping with at least overall_min_score");
            return null;
        }

        CheckKeys(node, ThresholdKeys, "thresholds");
        var before = _errors.Count;
        var overall = OptionalNumber(node, "overall_min_score", "thresholds.overall_min_score");
        if (overall is null && Get(node, "overall_min_score") is null)
        {
            Error("thresholds.overall_min_score", node.Start.Line, "is required (0..1)");
        }
        else if (overall is < 0 or > 1)
        {
            Error("thresholds.overall_min_score", Line(node, "overall_min_score"), $"{overall.Value.ToString(CultureInfo.InvariantCulture)} is outside 0..1");
        }

        var perScorer = new Dictionary<string, double>(StringComparer.Ordinal);
        switch (Get(node, "per_scorer_min"))
        {
            case null:
                break;
            case YamlMappingNode map:
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    var name = ((YamlScalarNode)keyNode).Value ?? "";
                    var at = $"thresholds.per_scorer_min.{name}";
                    if (scorers is not null && scorers.All(s => s.Name != name))
                    {
                        Error(at, keyNode.Start.Line, $"no scorer is named '{name}' (scorers: {string.Join(", ", scorers.Select(s => s.Name))})");
                    }

                    if (valueNode is YamlScalarNode { Value: { } text } && EvalNumber.TryParse(text, out var min) && min is >= 0 and <= 1)
                    {
                        perScorer[name] = min;
                    }
                    else
                    {
                        Error(at, valueNode.Start.Line, "must be a number in 0..1");
                    }
                }

                break;
            case var other:
                Error("thresholds.per_scorer_min", other.Start.Line, "must be a mapping of scorer name to minimum mean score");
                break;
        }

        var maxFailed = OptionalNumber(node, "max_failed_cases", "thresholds.max_failed_cases");
        if (maxFailed is not null && (maxFailed < 0 || maxFailed != Math.Floor(maxFailed.Value)))
        {
            Error("thresholds.max_failed_cases", Line(node, "max_failed_cases"), "must be a whole number, zero or more");
        }

        return _errors.Count == before ? new EvalThresholds(overall ?? 0, perScorer, maxFailed is null ? null : (int)maxFailed.Value) : null;
    }

    private void CheckScorersHaveExpectations(List<EvalScorerDefinition> scorers, List<EvalCase> cases)
    {
        for (var i = 0; i < scorers.Count; i++)
        {
            var scorer = scorers[i];
            var needsCaseValue = scorer.Type is EvalScorerType.Exact or EvalScorerType.Numeric or EvalScorerType.Contains
                || (scorer.Type is EvalScorerType.OneOf && scorer.Values.Count == 0);
            if (needsCaseValue && !cases.Any(c => c.Expected.ContainsKey(scorer.Field)))
            {
                Error($"scorers[{i}]", 0, $"scorer '{scorer.Name}' needs an expected '{scorer.Field}' in at least one case"
                    + (scorer.Type is EvalScorerType.OneOf ? ", or its own 'values'" : ""));
            }
        }
    }

    private void CheckKeys(YamlMappingNode node, HashSet<string> allowed, string at)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name))
            {
                Error(at.Length == 0 ? name : $"{at}.{name}", key.Start.Line, $"unknown field (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    private string? RequiredString(YamlMappingNode node, string key, string at)
    {
        var value = OptionalString(node, key, at);
        if (value is null && Get(node, key) is null or YamlScalarNode)
        {
            var line = Line(node, key);
            Error(at, line > 0 ? line : node.Start.Line, "is required");
        }

        return value;
    }

    private string? OptionalString(YamlMappingNode node, string key, string at)
    {
        switch (Get(node, key))
        {
            case null:
                return null;
            case YamlScalarNode scalar when IsNull(scalar) || string.IsNullOrWhiteSpace(scalar.Value):
                return null;
            case YamlScalarNode scalar:
                return scalar.Value;
            case var other:
                Error(at, other.Start.Line, "must be a single value, not a list or mapping");
                return null;
        }
    }

    private double? OptionalNumber(YamlMappingNode node, string key, string at)
    {
        var text = OptionalString(node, key, at);
        if (text is null)
        {
            return null;
        }

        if (EvalNumber.TryParse(text, out var number))
        {
            return number;
        }

        Error(at, Line(node, key), $"'{text}' is not a number");
        return null;
    }

    private bool? OptionalBool(YamlMappingNode node, string key, string at)
    {
        var text = OptionalString(node, key, at);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(at, Line(node, key), $"'{text}' is not true or false");
        return null;
    }

    private List<string>? OptionalStringList(YamlMappingNode node, string key, string at)
    {
        switch (Get(node, key))
        {
            case null:
                return null;
            case YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode s && !IsNull(s)):
                return sequence.Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
            case var other:
                Error(at, other.Start.Line, "must be a list of values");
                return null;
        }
    }

    private static YamlNode? Get(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static long Line(YamlMappingNode node, string key) => Get(node, key)?.Start.Line ?? 0;

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private void Error(string field, long line, string message) =>
        _errors.Add(line > 0 ? $"{_file}: {field} (line {line}): {message}" : $"{_file}: {field}: {message}");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionPattern();
}
