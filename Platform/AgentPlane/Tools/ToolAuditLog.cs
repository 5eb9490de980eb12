using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AiNative.Platform.Storage;
using Azure.Data.Tables;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>
/// The audit trail of tool calls (table <c>ToolAudit</c>, one partition per run); inputs and outputs arrive already
/// PII-redacted and principals that are people as their pseudonyms (<see cref="PrincipalPseudonyms"/>).
/// </summary>
public sealed class ToolAuditLog(StorageAccount storage)
{
    public const string TableName = "ToolAudit";

    /// <summary>Partition of calls made outside a run (e.g. over MCP), one per day.</summary>
    public const string AdHocPrefix = "adhoc-";

    private const int MaxText = 30_000;

    private readonly LazyTable table = new(storage, TableName);

    public async Task WriteAsync(ToolAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        await client.UpsertEntityAsync(new TableEntity(PartitionKey(entry.RunId), $"{entry.At.UtcTicks:D19}-{entry.CallId}-{entry.Phase}")
        {
            ["RunId"] = entry.RunId,
            ["CallId"] = entry.CallId,
            ["Tool"] = entry.Tool,
            ["Phase"] = entry.Phase,
            ["At"] = entry.At,
            ["Principal"] = entry.Principal,
            ["Agent"] = entry.Agent,
            ["IdempotencyKey"] = entry.IdempotencyKey,
            ["AuditLevel"] = entry.AuditLevel,
            ["Status"] = entry.Status,
            ["ErrorCode"] = entry.ErrorCode,
            ["ErrorMessage"] = Clip(entry.ErrorMessage),
            ["DurationMs"] = entry.DurationMs,
            ["Input"] = Clip(entry.Input),
            ["Output"] = Clip(entry.Output),
            ["Compensates"] = entry.Compensates,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's entries in the order they were written.</summary>
    public async Task<IReadOnlyList<ToolAuditEntry>> ListAsync(string runId, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<ToolAuditEntry>();
        await foreach (var e in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(runId)}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ToolAuditEntry(
                e.GetString("RunId") ?? runId, e.GetString("CallId") ?? "", e.GetString("Tool") ?? "", e.GetString("Phase") ?? "",
                e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, e.GetString("Principal") ?? "", e.GetString("Agent"),
                e.GetString("IdempotencyKey"), e.GetString("AuditLevel") ?? AuditLevels.Low, e.GetString("Status"), e.GetString("ErrorCode"),
                e.GetString("ErrorMessage"), e.GetDouble("DurationMs"), e.GetString("Input"), e.GetString("Output"), e.GetString("Compensates")));
        }

        return list;
    }

    /// <summary>The audit partition of a call: its run, or the day for calls outside a run.</summary>
    public static string RunOf(string? runId, DateTimeOffset at) =>
        runId ?? AdHocPrefix + at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string PartitionKey(string runId) =>
        TableKeys.IsValid(runId, 200) ? runId : "~" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(runId)));

    private static string? Clip(string? text) => text is { Length: > MaxText } ? text[..MaxText] + "…" : text;
}

/// <summary>
/// One line of the audit trail. <see cref="Phase"/>: request, result, replayed (a repeated call answered from the record).
/// <see cref="Input"/>/<see cref="Output"/> are PII-redacted and present only when the tool's audit level keeps them;
/// <see cref="Principal"/> is a person's pseudonym or a service principal's name.
/// </summary>
public sealed record ToolAuditEntry(
    string RunId,
    string CallId,
    string Tool,
    string Phase,
    DateTimeOffset At,
    string Principal,
    string? Agent,
    string? IdempotencyKey,
    string AuditLevel,
    string? Status,
    string? ErrorCode,
    string? ErrorMessage,
    double? DurationMs,
    string? Input,
    string? Output,
    string? Compensates);

/// <summary>Values of <see cref="ToolAuditEntry.Phase"/>.</summary>
public static class ToolAuditPhases
{
    public const string Request = "request";
    public const string Result = "result";
    public const string Replayed = "replayed";
}
