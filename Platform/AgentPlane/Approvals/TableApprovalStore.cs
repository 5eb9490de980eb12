using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiNative.Platform.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>
/// Approvals in the Azure Table <c>Approvals</c> (RowKey = approval id). Decisions are ETag-conditional updates, so a
/// link is single-use even under concurrent clicks. Long texts are truncated with a marker to stay far below the
/// 64 KB property limit.
/// </summary>
public sealed partial class TableApprovalStore : IApprovalStore
{
    public const string TableName = "Approvals";

    /// <summary>Context and evidence longer than this are truncated when stored.</summary>
    public const int MaxTextLength = 8000;

    /// <summary>Action summaries are hashed into the token and never truncated, so they are bounded instead.</summary>
    public const int MaxSummaryLength = 1000;

    private const string Partition = "approval";
    private const string VotePartition = "vote";
    private const int MaxRequestJsonLength = 30_000;
    private const int MaxCommentLength = 2000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Stored, never rendered: keep non-ASCII text compact instead of \uXXXX-escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly LazyTable table;
    private readonly TimeProvider time;
    private readonly ILogger<TableApprovalStore> logger;

    public TableApprovalStore(StorageAccount storage, TimeProvider time, ILogger<TableApprovalStore> logger)
    {
        table = new LazyTable(storage, TableName);
        this.time = time;
        this.logger = logger;
    }

    public async Task CreateAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TableKeys.IsValid(request.ApprovalId))
        {
            throw new ArgumentException($"Invalid approval id '{request.ApprovalId}': use up to 255 characters without / \\ # ? or control characters.", nameof(request));
        }

        if (request.Action is null || string.IsNullOrWhiteSpace(request.Action.Summary) || request.Action.Summary.Length > MaxSummaryLength)
        {
            throw new ArgumentException($"An approval needs an action with a summary of 1 to {MaxSummaryLength} characters.", nameof(request));
        }

        // The long texts get their own columns: inside JSON, escaping could multiply their size past the 64 KB limit.
        var requestJson = JsonSerializer.Serialize(request with { Reason = "", Context = "", Evidence = "", Approvers = request.Approvers ?? [] }, Json);
        if (requestJson.Length > MaxRequestJsonLength)
        {
            throw new ArgumentException($"The approval request is too large to store ({requestJson.Length} characters without reason, context and evidence).", nameof(request));
        }

        var entity = new TableEntity(Partition, request.ApprovalId)
        {
            ["Status"] = ApprovalStatuses.Pending,
            ["ActionHash"] = ApprovalTokenService.ActionHash(request),
            ["InstanceId"] = request.InstanceId,
            ["ExpiresAt"] = request.ExpiresAt,
            ["RequestJson"] = requestJson,
            ["Reason"] = Truncate(request.Reason),
            ["Context"] = Truncate(request.Context),
            ["Evidence"] = Truncate(request.Evidence),
            ["CreatedAt"] = time.GetUtcNow(),
        };

        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await client.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            Log.Created(logger, request.ApprovalId, request.InstanceId, request.ExpiresAt);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            // Created by an earlier attempt of the same activity: the first write stands.
        }
    }

    public async Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken = default)
    {
        var entity = await GetEntityAsync(approvalId, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : ToRecord(entity);
    }

    public async Task<ApprovalDecideResult> TryDecideAsync(string approvalId, string actionHash, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!ApprovalDecisions.IsHuman(decision.Decision))
        {
            throw new ArgumentException($"Unknown decision '{decision.Decision}': use one of {string.Join(", ", ApprovalDecisions.Human)}.", nameof(decision));
        }

        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (entity, record, refusal) = await OpenPendingAsync(approvalId, actionHash, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            var final = Normalised(decision);
            if (await TryFinishAsync(client, entity, ApprovalStatuses.ForDecision(final.Decision), final, cancellationToken).ConfigureAwait(false))
            {
                Log.Decided(logger, approvalId, final.Decision);
                return new ApprovalDecideResult(ApprovalDecideOutcome.Decided, record with { Status = ApprovalStatuses.ForDecision(final.Decision), Decision = final });
            }
        }

        throw new InvalidOperationException($"Approval '{approvalId}' is being decided concurrently; try again.");
    }

    public async Task<ApprovalDecideResult> CloseAsync(string approvalId, string status, CancellationToken cancellationToken = default) =>
        await FinishPendingAsync(approvalId, status, new ApprovalDecision(ApprovalStatuses.DecisionFor(status), null, "system", time.GetUtcNow()), cancellationToken)
            .ConfigureAwait(false);

    public async Task<ApprovalDecideResult> RecordVoteAsync(string approvalId, string actionHash, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var (_, record, refusal) = await OpenPendingAsync(approvalId, actionHash, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var vote = Normalised(decision);
        // One row per (approval, approver): the insert is the single-use check, so an approver counts once however often they click.
        var voterKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(vote.DecidedBy!.ToUpperInvariant())))[..32];
        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await client.AddEntityAsync(new TableEntity(VotePartition, $"{approvalId}|{voterKey}") { ["DecisionJson"] = JsonSerializer.Serialize(vote, Json) }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return new ApprovalDecideResult(ApprovalDecideOutcome.AlreadyDecided, record);
        }

        Log.Decided(logger, approvalId, "vote:" + vote.Decision);
        return new ApprovalDecideResult(ApprovalDecideOutcome.Decided, record with { Decision = vote });
    }

    public async Task<ApprovalDecideResult> FinishAsync(string approvalId, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return await FinishPendingAsync(approvalId, ApprovalStatuses.ForDecision(decision.Decision), decision with { DecidedBy = Truncate(decision.DecidedBy, 512) }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Moves a still-pending approval to <paramref name="status"/> with <paramref name="decision"/>, retrying when another writer raced it.</summary>
    private async Task<ApprovalDecideResult> FinishPendingAsync(string approvalId, string status, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var entity = await GetEntityAsync(approvalId, cancellationToken).ConfigureAwait(false);
            if (entity is null)
            {
                return new ApprovalDecideResult(ApprovalDecideOutcome.NotFound, null);
            }

            var record = ToRecord(entity);
            if (!record.IsPending)
            {
                return new ApprovalDecideResult(ApprovalDecideOutcome.AlreadyDecided, record);
            }

            if (await TryFinishAsync(client, entity, status, decision, cancellationToken).ConfigureAwait(false))
            {
                Log.Closed(logger, approvalId, status);
                return new ApprovalDecideResult(ApprovalDecideOutcome.Decided, record with { Status = status, Decision = decision });
            }
        }

        throw new InvalidOperationException($"Approval '{approvalId}' is being decided concurrently; try again.");
    }

    /// <summary>The ETag-conditional transition out of pending; false when another writer got there first.</summary>
    private static async Task<bool> TryFinishAsync(TableClient client, TableEntity entity, string status, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        var update = new TableEntity(Partition, entity.RowKey)
        {
            ["Status"] = status,
            ["DecisionJson"] = JsonSerializer.Serialize(decision, Json),
            ["DecidedAt"] = decision.DecidedAt,
        };
        try
        {
            await client.UpdateEntityAsync(update, entity.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    /// <summary>
    /// The approval's row and record when a person may still decide it with a link for <paramref name="actionHash"/>;
    /// otherwise the refusal (unknown, bound to another action, already decided, expired).
    /// </summary>
    private async Task<(TableEntity Entity, ApprovalRecord Record, ApprovalDecideResult? Refusal)> OpenPendingAsync(string approvalId, string actionHash, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (entity is null)
        {
            return (null!, null!, new ApprovalDecideResult(ApprovalDecideOutcome.NotFound, null));
        }

        if (!HashEquals(entity.GetString("ActionHash"), actionHash))
        {
            Log.ActionMismatch(logger, approvalId);
            return (entity, null!, new ApprovalDecideResult(ApprovalDecideOutcome.ActionMismatch, null));
        }

        var record = ToRecord(entity);
        if (!record.IsPending)
        {
            return (entity, record, new ApprovalDecideResult(ApprovalDecideOutcome.AlreadyDecided, record));
        }

        return time.GetUtcNow() >= record.Request.ExpiresAt
            ? (entity, record, new ApprovalDecideResult(ApprovalDecideOutcome.Expired, record))
            : (entity, record, null);
    }

    /// <summary>A person's decision as stored: a trimmed, bounded comment (none when blank) and a named approver.</summary>
    private static ApprovalDecision Normalised(ApprovalDecision decision) => decision with
    {
        Comment = string.IsNullOrWhiteSpace(decision.Comment) ? null : Truncate(decision.Comment.Trim(), MaxCommentLength),
        DecidedBy = Truncate(decision.DecidedBy?.Trim() is { Length: > 0 } by ? by : "unknown", 256),
    };

    private async Task<TableEntity?> GetEntityAsync(string approvalId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(approvalId))
        {
            return null;
        }

        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, approvalId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private static ApprovalRecord ToRecord(TableEntity entity)
    {
        var request = (JsonSerializer.Deserialize<ApprovalRequest>(entity.GetString("RequestJson") ?? "null", Json)
            ?? throw new InvalidOperationException($"Approval '{entity.RowKey}' has no stored request.")) with
        {
            Reason = entity.GetString("Reason") ?? "",
            Context = entity.GetString("Context") ?? "",
            Evidence = entity.GetString("Evidence") ?? "",
        };
        var decisionJson = entity.GetString("DecisionJson");
        var decision = string.IsNullOrEmpty(decisionJson) ? null : JsonSerializer.Deserialize<ApprovalDecision>(decisionJson, Json);
        return new ApprovalRecord(request, entity.GetString("Status") ?? ApprovalStatuses.Pending, decision, entity.GetString("ActionHash") ?? "", entity.GetDateTimeOffset("CreatedAt"));
    }

    private static bool HashEquals(string? stored, string? presented) =>
        stored is not null && presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(presented));

    /// <summary>Cuts long text at a character boundary (never inside a surrogate pair) and says how much was cut.</summary>
    internal static string Truncate(string? text, int max = MaxTextLength)
    {
        if (string.IsNullOrEmpty(text) || text.Length <= max)
        {
            return text ?? "";
        }

        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut] + $"\n[… truncated: {text.Length - cut} more characters]";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Approval {ApprovalId} for {InstanceId} is pending until {ExpiresAt}")]
        public static partial void Created(ILogger logger, string approvalId, string instanceId, DateTimeOffset expiresAt);

        [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Approval {ApprovalId} decided: {Decision}")]
        public static partial void Decided(ILogger logger, string approvalId, string decision);

        [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "Approval {ApprovalId} closed as {Status}")]
        public static partial void Closed(ILogger logger, string approvalId, string status);

        [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "A decision for approval {ApprovalId} presented a different action hash; refused")]
        public static partial void ActionMismatch(ILogger logger, string approvalId);
    }
}
