using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AiNative.Platform.AgentPlane.Operations;

/// <summary>A runbook of <c>catalog/runbooks/*.md</c>: front matter (services, symptoms, the remediation and how to verify it) and the Markdown body.</summary>
public sealed record Runbook(
    string Id,
    string Title,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Symptoms,
    RunbookRemediation Remediation,
    RunbookCheck Verify,
    string Body);

/// <summary>What a runbook says to do: restart or scale a service (to <see cref="Replicas"/>).</summary>
public sealed record RunbookRemediation(string Action, string Service, int? Replicas);

/// <summary>How to know the remediation worked: <see cref="Metric"/> below <see cref="Below"/>.</summary>
public sealed record RunbookCheck(string Metric, double Below);

/// <summary>A runbook found for a query, with the score that ranked it.</summary>
public sealed record RunbookMatch(Runbook Runbook, double Score);

/// <summary>
/// The runbooks, loaded and validated once. Lookup is deterministic keyword matching: a symptom phrase found in the
/// query counts 2, a title or body word 0.1 each, and a runbook for the named service is preferred.
/// </summary>
public sealed partial class RunbookLibrary
{
    public const string Folder = "runbooks";

    private RunbookLibrary(IReadOnlyList<Runbook> runbooks) => All = runbooks;

    public IReadOnlyList<Runbook> All { get; }

    public static RunbookLibrary Load(string catalogDirectory)
    {
        var folder = Path.Combine(catalogDirectory, Folder);
        var runbooks = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal).Select(Parse).ToList()
            : [];
        var duplicate = runbooks.GroupBy(r => r.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? new RunbookLibrary(runbooks) : throw new OperationsException($"{folder}: two runbooks have the id '{duplicate.Key}'.");
    }

    public Runbook? Get(string id) => All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));

    /// <summary>Runbooks matching the text (symptoms, log lines) and optional service, best first; none below a score of 1.</summary>
    public IReadOnlyList<RunbookMatch> Find(string query, string? service = null, int top = 3)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = query.ToLowerInvariant();
        var words = Words().Matches(text).Select(m => m.Value).Where(w => w.Length > 3).ToHashSet(StringComparer.Ordinal);
        return [.. All
            .Select(r =>
            {
                var score = r.Symptoms.Count(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)) * 2.0
                    + Words().Matches((r.Title + " " + r.Body).ToLowerInvariant()).Select(m => m.Value).Distinct().Count(words.Contains) * 0.1;
                if (service is not null)
                {
                    score = r.Services.Contains(service, StringComparer.OrdinalIgnoreCase) ? score + 3 : score / 2;
                }

                return new RunbookMatch(r, Math.Round(score, 2));
            })
            .Where(m => m.Score >= 1)
            .OrderByDescending(m => m.Score)
            .ThenBy(m => m.Runbook.Id, StringComparer.Ordinal)
            .Take(top)];
    }

    private static Runbook Parse(string file)
    {
        var text = File.ReadAllText(file).ReplaceLineEndings("\n");
        var match = FrontMatter().Match(text);
        if (!match.Success)
        {
            throw new OperationsException($"{file}: a runbook starts with YAML front matter between '---' lines.");
        }

        FrontMatterModel? model;
        try
        {
            model = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<FrontMatterModel>(match.Groups["yaml"].Value);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new OperationsException($"{file} (line {e.Start.Line}): {e.Message}", e);
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(model?.Id)) { problems.Add("id is missing"); }
        if (string.IsNullOrWhiteSpace(model?.Title)) { problems.Add("title is missing"); }
        if (model?.Remediation is not { Action: RemediationActions.Restart or RemediationActions.Scale, Service.Length: > 0 })
        {
            problems.Add("remediation needs action (restart or scale) and service");
        }
        else if (model.Remediation.Action == RemediationActions.Scale && model.Remediation.Replicas is not > 0)
        {
            problems.Add("remediation.replicas is needed to scale");
        }

        if (model?.Verify is not { Metric.Length: > 0 })
        {
            problems.Add("verify needs metric and below");
        }

        if (problems.Count > 0)
        {
            throw new OperationsException($"{file}: {string.Join("; ", problems)}.");
        }

        return new Runbook(
            model!.Id!, model.Title!, model.Services ?? [], [.. (model.Symptoms ?? []).Select(s => s.ToLowerInvariant())],
            new RunbookRemediation(model.Remediation!.Action!, model.Remediation.Service!, model.Remediation.Replicas),
            new RunbookCheck(model.Verify!.Metric!, model.Verify.Below),
            text[match.Length..].Trim());
    }

    [GeneratedRegex(@"\A---\n(?<yaml>.*?)\n---\n", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();

    [GeneratedRegex(@"[a-z0-9][a-z0-9_-]*")]
    private static partial Regex Words();

    private sealed class FrontMatterModel
    {
        public string? Id { get; set; }

        public string? Title { get; set; }

        public List<string>? Services { get; set; }

        public List<string>? Symptoms { get; set; }

        public RemediationModel? Remediation { get; set; }

        public VerifyModel? Verify { get; set; }
    }

    private sealed class RemediationModel
    {
        public string? Action { get; set; }

        public string? Service { get; set; }

        public int? Replicas { get; set; }
    }

    private sealed class VerifyModel
    {
        public string? Metric { get; set; }

        public double Below { get; set; }
    }
}
