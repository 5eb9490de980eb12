using System.Text.Json;
using Json.Schema;

namespace AiNative.Platform.Governance.Policies;

/// <summary>What a guardrail does when it fires: <c>block</c>, <c>flag</c> (record and continue), <c>require_approval</c> (a person decides), or <c>allow</c>.</summary>
public static class GuardrailAction
{
    public const string Block = "block";
    public const string Flag = "flag";
    public const string RequireApproval = "require_approval";
    public const string Allow = "allow";

    public static IReadOnlyList<string> All { get; } = [Block, Flag, RequireApproval, Allow];
}

/// <summary>The injection threshold and the action for one channel.</summary>
public sealed record ChannelRule(double Threshold, string Action);

/// <summary>PII redaction as the policy states it (strings: the lead maps them onto the redactor's options).</summary>
public sealed record PiiPolicy(string DefaultOperator, double MinScore, IReadOnlyDictionary<string, string> Operators, IReadOnlyList<string> Entities)
{
    /// <summary>Operators the PII redactor knows.</summary>
    public static IReadOnlyList<string> KnownOperators { get; } = ["replace", "mask", "redact", "hash", "encrypt"];
}

/// <summary>Injection scanning: per-channel thresholds and actions, and whether the gateway scans inputs and outputs.</summary>
public sealed record InjectionPolicy(IReadOnlyDictionary<string, ChannelRule> Channels, bool ScanInput, bool ScanOutput)
{
    /// <summary>The rule of <paramref name="channel"/>; unknown channels get the document rule (untrusted by default).</summary>
    public ChannelRule For(string channel) => Channels.TryGetValue(channel, out var rule) ? rule : Channels["document"];
}

/// <summary>Output validation: JSON schemas per prompt id and how often a breaking answer is sent back.</summary>
public sealed record OutputPolicy(int MaxReasks, IReadOnlyDictionary<string, JsonElement> Schemas)
{
    internal Dictionary<string, JsonSchema> Compiled { get; init; } = [];

    /// <summary>The compiled schema for <paramref name="promptId"/>, if the policy has one.</summary>
    public JsonSchema? SchemaFor(string? promptId) => promptId is not null && Compiled.TryGetValue(promptId, out var schema) ? schema : null;
}

/// <summary>Tool-call limits: calls per run, tools that always need approval, and the action for risky calls after untrusted content.</summary>
public sealed record ToolPolicy(int MaxCallsPerRun, IReadOnlyList<string> RequireApproval, bool HighRiskRequiresApproval, string AfterUntrustedContent);

/// <summary>One guardrail policy (<c>catalog/policies/*.yaml</c>): which routes and agents it covers and every rule it sets.</summary>
public sealed record GuardrailPolicy(
    string Id,
    string Version,
    string Description,
    IReadOnlyList<string> Agents,
    IReadOnlyList<string> Routes,
    PiiPolicy Pii,
    InjectionPolicy Injection,
    OutputPolicy Output,
    ToolPolicy Tools,
    string SourceFile)
{
    /// <summary>"id@version", as recorded next to each decision.</summary>
    public string Reference => $"{Id}@{Version}";
}

/// <summary>The policy catalog has invalid files; <see cref="Errors"/> lists each as "file (line N): field: problem".</summary>
public sealed class PolicyCatalogException : Exception
{
    public PolicyCatalogException() { }

    public PolicyCatalogException(string message) : base(message) { }

    public PolicyCatalogException(string message, Exception inner) : base(message, inner) { }

    public PolicyCatalogException(IReadOnlyList<string> errors)
        : base($"The policy catalog is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors)) =>
        Errors = errors;

    public IReadOnlyList<string> Errors { get; } = [];
}
