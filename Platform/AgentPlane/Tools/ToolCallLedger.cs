using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiNative.Platform.Storage;
using Azure;
using Azure.Data.Tables;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>
/// Exactly-once bookkeeping of tool calls (table <c>ToolCalls</c>): a call claims its idempotency key before it acts
/// and records its result under the key with a conditional write, so a repeated call returns the recorded result.
/// </summary>
public sealed class ToolCallLedger(StorageAccount storage)
{
    public const string TableName = "ToolCalls";

    private const string Partition = "call";
    private const string Pending = "pending";
    private const string Done = "done";

    /// <summary>Table properties hold 32K UTF-16 characters; longer results are split over numbered properties.</summary>
    private const int ChunkLength = 30_000;

    // Relaxed escaping keeps redaction tokens ("<EMAIL_ADDRESS>") readable in the row, as PiiJsonRedaction writes them.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly LazyTable table = new(storage, TableName);

    /// <summary>The recorded result of a completed call with this key, or null.</summary>
    public async Task<ToolResult?> FindAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = await client.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(idempotencyKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue && entity.Value is { } e && e.GetString("State") == Done ? Read(e) : null;
    }

    /// <summary>Marks the key as in progress; true when this call claimed it, false when an earlier attempt did (it may have acted: re-execute with the same key).</summary>
    public async Task<bool> ClaimAsync(string idempotencyKey, string tool, string callId, CancellationToken cancellationToken)
    {
        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await client.AddEntityAsync(new TableEntity(Partition, RowKey(idempotencyKey))
            {
                ["IdempotencyKey"] = idempotencyKey,
                ["Tool"] = tool,
                ["CallId"] = callId,
                ["State"] = Pending,
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>
    /// Records the result unless another attempt recorded one first; returns the result that stands, as read back from the
    /// row, so the first call returns exactly what a replay of the key will (same JSON text, not just the same values).
    /// </summary>
    public async Task<ToolResult> CompleteAsync(string idempotencyKey, ToolResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        var rowKey = RowKey(idempotencyKey);
        var entity = new TableEntity(Partition, rowKey)
        {
            ["IdempotencyKey"] = idempotencyKey,
            ["Tool"] = result.Tool,
            ["CallId"] = result.CallId,
            ["State"] = Done,
        };
        var text = JsonSerializer.Serialize(result, Json);
        var chunks = (text.Length + ChunkLength - 1) / ChunkLength;
        entity["ResultChunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[$"Result{i}"] = text.Substring(i * ChunkLength, Math.Min(ChunkLength, text.Length - (i * ChunkLength)));
        }

        var existing = await client.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            if (!existing.HasValue || existing.Value is null)
            {
                await client.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            else if (existing.Value.GetString("State") == Done)
            {
                return Read(existing.Value);
            }
            else
            {
                // Conditional on the pending row we read: of two attempts finishing at once, the first write stands.
                await client.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return Read(entity);
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            var winner = await client.GetEntityAsync<TableEntity>(Partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Read(winner.Value);
        }
    }

    private static ToolResult Read(TableEntity entity)
    {
        var chunks = entity.GetInt32("ResultChunks") ?? 0;
        var text = string.Concat(Enumerable.Range(0, chunks).Select(i => entity.GetString($"Result{i}")));
        return JsonSerializer.Deserialize<ToolResult>(text, Json) ?? throw new InvalidOperationException($"The recorded result of tool call {entity.RowKey} is empty.");
    }

    private static string RowKey(string idempotencyKey) =>
        TableKeys.IsValid(idempotencyKey, 200)
            ? idempotencyKey
            : "~" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
}
