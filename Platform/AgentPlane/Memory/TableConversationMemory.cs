using System.Globalization;
using System.Net;
using AiNative.Platform.Governance.Pii;
using AiNative.Platform.ModelPlane;
using AiNative.Platform.Storage;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.AgentPlane.Memory;

/// <summary>
/// Conversation memory on Azure Tables (<c>AgentMemory</c>: one partition per session, a header row and one row per
/// message) with texts longer than <see cref="InlineChars"/> in blobs (<c>agent-memory</c>). Appends are one table
/// transaction made conditional on the header's ETag, so concurrent writers never interleave or lose messages.
/// </summary>
public sealed partial class TableConversationMemory : IConversationMemory
{
    public const string TableName = "AgentMemory";
    public const string ContainerName = "agent-memory";

    /// <summary>Texts up to this many characters stay in the table row (a table string property holds 32K UTF-16 chars).</summary>
    public const int InlineChars = 16_000;

    /// <summary>A stored message is cut to this many characters (a tool that returns megabytes is not conversation).</summary>
    public const int MaxMessageChars = 200_000;

    private const string HeaderRow = "header";
    private const int MaxAppend = 50;
    private const int MaxConflictRetries = 8;

    private readonly LazyTable table;
    private readonly StorageAccount storage;
    private readonly IPiiRedactor redactor;
    private readonly TokenCounter tokens;
    private readonly TimeProvider time;
    private readonly ILogger<TableConversationMemory> logger;

    public TableConversationMemory(StorageAccount storage, IPiiRedactor redactor, TokenCounter tokens, TimeProvider time, ILogger<TableConversationMemory> logger)
    {
        this.storage = storage ?? throw new ArgumentNullException(nameof(storage));
        table = new LazyTable(storage, TableName);
        this.redactor = redactor;
        this.tokens = tokens;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>True when the id can key storage rows: 1-128 characters, none of / \ # ? or control characters.</summary>
    public static bool IsValidSessionId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? sessionId) => TableKeys.IsValid(sessionId, 128);

    /// <summary>Throws <see cref="InvalidSessionIdException"/> unless the id can key storage rows.</summary>
    public static void Validate(string? sessionId)
    {
        if (!IsValidSessionId(sessionId))
        {
            throw new InvalidSessionIdException($"Session id '{sessionId}' is not valid: 1-128 characters, none of / \\ # ? or control characters.");
        }
    }

    public async Task<SessionMemory?> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Validate(sessionId);
        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        var header = await client.GetEntityIfExistsAsync<TableEntity>(sessionId, HeaderRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return header.HasValue ? ToSession(header.Value!) : null;
    }

    public async Task<SessionMemory> AppendAsync(string sessionId, string agent, string appendKey, IReadOnlyList<ConversationMessage> messages, CancellationToken cancellationToken = default)
    {
        Validate(sessionId);
        ArgumentException.ThrowIfNullOrEmpty(appendKey);
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count > MaxAppend)
        {
            throw new ArgumentException($"At most {MaxAppend} messages can be appended at once ({messages.Count} given).", nameof(messages));
        }

        if (messages.FirstOrDefault(m => !ConversationRoles.IsKnown(m.Role)) is { } unknown)
        {
            throw new ArgumentException($"Unknown message role '{unknown.Role}' (user, assistant or tool).", nameof(messages));
        }

        // Redact once, before any attempt: nothing unredacted reaches a row or a blob.
        var redacted = messages.Select(Redact).ToList();
        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await client.GetEntityIfExistsAsync<TableEntity>(sessionId, HeaderRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            var header = existing.HasValue ? existing.Value! : null;
            if (header is not null && string.Equals(header.GetString("LastAppendKey"), appendKey, StringComparison.Ordinal))
            {
                return ToSession(header);
            }

            var now = time.GetUtcNow();
            var count = header?.GetInt32("MessageCount") ?? 0;
            var actions = new List<TableTransactionAction>();
            for (var i = 0; i < redacted.Count; i++)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, await ToEntityAsync(sessionId, count + i + 1, now, redacted[i], cancellationToken).ConfigureAwait(false)));
            }

            var next = header ?? new TableEntity(sessionId, HeaderRow) { ["Agent"] = agent, ["CreatedAt"] = now, ["SummaryThrough"] = 0, ["SummaryTokens"] = 0 };
            next["MessageCount"] = count + redacted.Count;
            next["UpdatedAt"] = now;
            next["LastAppendKey"] = appendKey;
            actions.Add(header is null
                ? new TableTransactionAction(TableTransactionActionType.Add, next)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, header.ETag));
            try
            {
                await client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return ToSession(next);
            }
            catch (TableTransactionFailedException e) when (IsConflict(e.Status) && attempt < MaxConflictRetries)
            {
                Log.AppendConflict(logger, sessionId, attempt + 1);
            }
        }
    }

    public async Task<IReadOnlyList<RememberedMessage>> ReadAsync(string sessionId, int afterSequence = 0, CancellationToken cancellationToken = default)
    {
        Validate(sessionId);
        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        var from = MessageRow(afterSequence);
        var rows = client.QueryAsync<TableEntity>(
            e => e.PartitionKey == sessionId && e.RowKey.CompareTo(from) > 0 && e.RowKey.CompareTo("n") < 0,
            cancellationToken: cancellationToken);
        var messages = new List<RememberedMessage>();
        await foreach (var row in rows.ConfigureAwait(false))
        {
            messages.Add(await ToMessageAsync(row, cancellationToken).ConfigureAwait(false));
        }

        return messages;
    }

    public async Task<SessionMemory> SaveSummaryAsync(string sessionId, string summary, int throughSequence, CancellationToken cancellationToken = default)
    {
        Validate(sessionId);
        ArgumentNullException.ThrowIfNull(summary);
        var text = Cut(redactor.Redact(summary).Text, InlineChars);
        var client = await table.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var header = (await client.GetEntityAsync<TableEntity>(sessionId, HeaderRow, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if ((header.GetInt32("SummaryThrough") ?? 0) >= throughSequence)
            {
                return ToSession(header);
            }

            header["Summary"] = text;
            header["SummaryThrough"] = throughSequence;
            header["SummaryTokens"] = tokens.Count(text);
            header["UpdatedAt"] = time.GetUtcNow();
            try
            {
                await client.UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return ToSession(header);
            }
            catch (RequestFailedException e) when (IsConflict(e.Status) && attempt < MaxConflictRetries)
            {
                Log.AppendConflict(logger, sessionId, attempt + 1);
            }
        }
    }

    private ConversationMessage Redact(ConversationMessage message) => message with
    {
        Text = Cut(redactor.Redact(message.Text ?? "").Text, MaxMessageChars),
        ToolArguments = message.ToolArguments is { } args ? Cut(redactor.Redact(args).Text, InlineChars) : null,
    };

    private async Task<TableEntity> ToEntityAsync(string sessionId, int sequence, DateTimeOffset at, ConversationMessage message, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(sessionId, MessageRow(sequence))
        {
            ["Role"] = message.Role,
            ["At"] = at,
            ["Tokens"] = tokens.Count(message.Text) + tokens.Count(message.ToolArguments) + 4,
            ["ToolCallId"] = message.ToolCallId,
            ["ToolName"] = message.ToolName,
            ["ToolArguments"] = message.ToolArguments,
        };
        if (message.Text.Length <= InlineChars)
        {
            entity["Text"] = message.Text;
        }
        else
        {
            var blob = await BlobAsync(sessionId, sequence, cancellationToken).ConfigureAwait(false);
            await blob.UploadAsync(BinaryData.FromString(message.Text), overwrite: true, cancellationToken).ConfigureAwait(false);
            entity["TextBlob"] = blob.Name;
        }

        return entity;
    }

    private async Task<RememberedMessage> ToMessageAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var sequence = int.Parse(row.RowKey.AsSpan(1), CultureInfo.InvariantCulture);
        var text = row.GetString("Text");
        if (text is null && row.GetString("TextBlob") is { } name)
        {
            var container = await storage.ContainerAsync(ContainerName, cancellationToken).ConfigureAwait(false);
            text = (await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
        }

        var message = new ConversationMessage(row.GetString("Role"), text ?? "", row.GetString("ToolCallId"), row.GetString("ToolName"), row.GetString("ToolArguments"));
        return new RememberedMessage(sequence, row.GetDateTimeOffset("At") ?? default, row.GetInt32("Tokens") ?? 0, message);
    }

    private async Task<BlobClient> BlobAsync(string sessionId, int sequence, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(ContainerName, cancellationToken).ConfigureAwait(false);
        return container.GetBlobClient($"{Uri.EscapeDataString(sessionId)}/{MessageRow(sequence)}.txt");
    }

    private static SessionMemory ToSession(TableEntity header) => new(
        header.PartitionKey,
        header.GetString("Agent") ?? "",
        header.GetDateTimeOffset("CreatedAt") ?? default,
        header.GetDateTimeOffset("UpdatedAt") ?? default,
        header.GetInt32("MessageCount") ?? 0,
        header.GetString("Summary"),
        header.GetInt32("SummaryThrough") ?? 0,
        header.GetInt32("SummaryTokens") ?? 0,
        header.GetString("LastAppendKey"));

    // Zero-padded so row keys sort in message order.
    private static string MessageRow(int sequence) => string.Create(CultureInfo.InvariantCulture, $"m{sequence:D9}");

    private static bool IsConflict(int status) => status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict;

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + " [truncated]";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Session {SessionId}: memory write conflicted with another writer (attempt {Attempt}); retrying")]
        public static partial void AppendConflict(ILogger logger, string sessionId, int attempt);
    }
}
