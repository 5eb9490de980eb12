using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>
/// The embedded knowledge store: one SQLite file (chunks, metadata, float32 embeddings, an FTS5 index) is the truth; searches
/// run on an in-memory <see cref="KnowledgeIndex"/> (BM25 scored as FTS5 does, int8 + float32 vector scan), fused with reciprocal
/// rank fusion (k = 60, as Azure AI Search hybrid queries do). This process's writes update the index in place; a write by
/// another process moves the store's generation on and the next search reloads it.
/// Safe for concurrent callers: one connection per operation, WAL journal, busy timeout.
/// </summary>
public sealed class SqliteKnowledgeStore : IKnowledgeStore, IDisposable
{
    /// <summary>The RRF constant: a rank-r result contributes 1 / (k + r).</summary>
    public const int RrfK = 60;

    private const int MinCandidates = 50;
    private const int BusyTimeoutMs = 15_000;

    private const string Columns =
        "c.id, c.chunk_id, c.parent_doc_id, c.chunk_index, c.text, c.title, c.section, c.source, c.tenant, c.timestamp, " +
        "c.quality_score, c.redaction_policy, c.chunker, c.embedding_model, c.tags, c.expires_at";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS chunks (
            id INTEGER PRIMARY KEY,
            chunk_id TEXT NOT NULL UNIQUE,
            parent_doc_id TEXT NOT NULL,
            chunk_index INTEGER NOT NULL,
            text TEXT NOT NULL,
            title TEXT,
            section TEXT,
            source TEXT NOT NULL,
            tenant TEXT,
            timestamp TEXT NOT NULL,
            quality_score REAL NOT NULL,
            redaction_policy TEXT NOT NULL,
            chunker TEXT NOT NULL,
            embedding_model TEXT NOT NULL,
            tags TEXT NOT NULL,
            dimensions INTEGER NOT NULL,
            embedding BLOB NOT NULL,
            expires_at TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_chunks_doc ON chunks(parent_doc_id, chunk_index);
        CREATE INDEX IF NOT EXISTS ix_chunks_tenant ON chunks(tenant);
        CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
            text, title, section, content='chunks', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
        CREATE TABLE IF NOT EXISTS store_generation (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL);
        INSERT OR IGNORE INTO store_generation (id, generation) VALUES (1, 0);
        CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
            INSERT INTO chunks_fts(rowid, text, title, section) VALUES (new.id, new.text, new.title, new.section);
        END;
        CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
            INSERT INTO chunks_fts(chunks_fts, rowid, text, title, section) VALUES ('delete', old.id, old.text, old.title, old.section);
        END;
        CREATE TRIGGER IF NOT EXISTS chunks_au AFTER UPDATE ON chunks BEGIN
            INSERT INTO chunks_fts(chunks_fts, rowid, text, title, section) VALUES ('delete', old.id, old.text, old.title, old.section);
            INSERT INTO chunks_fts(rowid, text, title, section) VALUES (new.id, new.text, new.title, new.section);
        END;
        """;

    private const string UpsertSql = """
        INSERT INTO chunks (chunk_id, parent_doc_id, chunk_index, text, title, section, source, tenant, timestamp,
                            quality_score, redaction_policy, chunker, embedding_model, tags, dimensions, embedding, expires_at)
        VALUES ($chunk_id, $parent_doc_id, $chunk_index, $text, $title, $section, $source, $tenant, $timestamp,
                $quality_score, $redaction_policy, $chunker, $embedding_model, $tags, $dimensions, $embedding, $expires_at)
        ON CONFLICT(chunk_id) DO UPDATE SET
            parent_doc_id = excluded.parent_doc_id, chunk_index = excluded.chunk_index, text = excluded.text,
            title = excluded.title, section = excluded.section, source = excluded.source, tenant = excluded.tenant,
            timestamp = excluded.timestamp, quality_score = excluded.quality_score,
            redaction_policy = excluded.redaction_policy, chunker = excluded.chunker,
            embedding_model = excluded.embedding_model, tags = excluded.tags, dimensions = excluded.dimensions,
            embedding = excluded.embedding, expires_at = excluded.expires_at
        RETURNING id
        """;

    private readonly string connectionString;
    private readonly SemaphoreSlim initializeLock = new(1, 1);
    // Serializes this process's writes and index loads, so every write's changes apply to the index in generation order.
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ReaderWriterLockSlim indexLock = new();
    private KnowledgeIndex? index;
    private volatile bool initialized;

    public SqliteKnowledgeStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
    }

    /// <summary>Where the platform keeps the store: <c>&lt;DataDirectory&gt;/knowledge/knowledge.db</c>.</summary>
    public static string DefaultPath(PlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.Combine(options.ResolveDataDirectory(), "knowledge", "knowledge.db");
    }

    public string DatabasePath { get; }

    public async Task UpsertDocumentAsync(string documentId, IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        RequireDocument(documentId, chunks);
        await WriteAsync(async (connection, transaction) =>
        {
            var removed = await DeleteAsync(connection, transaction, "DELETE FROM chunks WHERE parent_doc_id = $doc RETURNING id", cancellationToken, ("$doc", documentId)).ConfigureAwait(false);
            return new IndexDelta(removed, await InsertAsync(connection, transaction, chunks, cancellationToken).ConfigureAwait(false));
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task UpsertChunksAsync(IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count == 0)
        {
            return;
        }

        await WriteAsync(async (connection, transaction) =>
            new IndexDelta([], await InsertAsync(connection, transaction, chunks, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
    }

    public async Task ReplaceChunkRangeAsync(string documentId, int fromIndex, int toIndex, IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(toIndex, fromIndex);
        RequireDocument(documentId, chunks);
        if (chunks.Any(c => c.Index < fromIndex || c.Index >= toIndex))
        {
            throw new ArgumentException($"Every chunk index must lie in [{fromIndex}, {toIndex}).", nameof(chunks));
        }

        await WriteAsync(async (connection, transaction) =>
        {
            var removed = await DeleteAsync(connection, transaction,
                "DELETE FROM chunks WHERE parent_doc_id = $doc AND chunk_index >= $from AND chunk_index < $to RETURNING id",
                cancellationToken, ("$doc", documentId), ("$from", fromIndex), ("$to", toIndex)).ConfigureAwait(false);
            return new IndexDelta(removed, await InsertAsync(connection, transaction, chunks, cancellationToken).ConfigureAwait(false));
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> TrimDocumentAsync(string documentId, int chunkCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkCount);
        var delta = await WriteAsync(async (connection, transaction) => new IndexDelta(await DeleteAsync(connection, transaction,
            "DELETE FROM chunks WHERE parent_doc_id = $doc AND chunk_index >= $count RETURNING id",
            cancellationToken, ("$doc", documentId), ("$count", chunkCount)).ConfigureAwait(false), []), cancellationToken).ConfigureAwait(false);
        return delta.Removed.Count;
    }

    public async Task<int> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        var delta = await WriteAsync(async (connection, transaction) => new IndexDelta(await DeleteAsync(connection, transaction,
            "DELETE FROM chunks WHERE parent_doc_id = $doc RETURNING id", cancellationToken, ("$doc", documentId)).ConfigureAwait(false), []), cancellationToken).ConfigureAwait(false);
        return delta.Removed.Count;
    }

    public async Task<int> CountChunksAsync(string? documentId = null, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = documentId is null
            ? "SELECT COUNT(*) FROM chunks"
            : "SELECT COUNT(*) FROM chunks WHERE parent_doc_id = $doc";
        if (documentId is not null)
        {
            command.Parameters.AddWithValue("$doc", documentId);
        }

        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Top <= 0)
        {
            return [];
        }

        var candidates = Math.Max(MinCandidates, query.Top * 5);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var current = await IndexAsync(connection, cancellationToken).ConfigureAwait(false);
        List<long> keyword, vector;
        indexLock.EnterReadLock();
        try
        {
            keyword = current.KeywordSearch(FtsQuery.Terms(query.Text), query, candidates);
            vector = query.Vector is { Length: > 0 } queryVector ? current.VectorSearch(queryVector, query, candidates) : [];
        }
        finally
        {
            indexLock.ExitReadLock();
        }

        var fused = new Dictionary<long, (double Score, int? KeywordRank, int? VectorRank)>();
        for (var i = 0; i < keyword.Count; i++)
        {
            var (score, _, vectorRank) = fused.GetValueOrDefault(keyword[i]);
            fused[keyword[i]] = (score + (1.0 / (RrfK + i + 1)), i + 1, vectorRank);
        }

        for (var i = 0; i < vector.Count; i++)
        {
            var (score, keywordRank, _) = fused.GetValueOrDefault(vector[i]);
            fused[vector[i]] = (score + (1.0 / (RrfK + i + 1)), keywordRank, i + 1);
        }

        var top = fused
            .OrderByDescending(f => f.Value.Score)
            .ThenBy(f => Math.Min(f.Value.KeywordRank ?? int.MaxValue, f.Value.VectorRank ?? int.MaxValue))
            .ThenBy(f => f.Key)
            .Take(query.Top)
            .ToList();
        if (top.Count == 0)
        {
            return [];
        }

        var rows = await LoadAsync(connection, top.Select(t => t.Key).ToList(), cancellationToken).ConfigureAwait(false);
        return top
            .Where(t => rows.ContainsKey(t.Key))
            .Select(t =>
            {
                var (chunkId, docId, text, metadata) = rows[t.Key];
                return new KnowledgeHit(chunkId, docId, text, metadata, t.Value.Score, t.Value.KeywordRank, t.Value.VectorRank);
            })
            .ToList();
    }

    public async Task<IReadOnlyList<KnowledgeChunk>> ListStaleChunksAsync(string embeddingModel, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(embeddingModel);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM chunks c WHERE c.embedding_model <> $model ORDER BY c.id LIMIT $limit";
        command.Parameters.AddWithValue("$model", embeddingModel);
        command.Parameters.AddWithValue("$limit", limit);
        var chunks = new List<KnowledgeChunk>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            chunks.Add(new KnowledgeChunk(reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), [], ReadMetadata(reader)));
        }

        return chunks;
    }

    public async Task<IReadOnlyList<string>> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var documents = new List<string>();
        await WriteAsync(async (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM chunks WHERE expires_at IS NOT NULL AND expires_at <= $now RETURNING id, parent_doc_id";
            command.Parameters.AddWithValue("$now", Stamp(now));
            var removed = new List<long>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                removed.Add(reader.GetInt64(0));
                documents.Add(reader.GetString(1));
            }

            return new IndexDelta(removed, []);
        }, cancellationToken).ConfigureAwait(false);
        return documents.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Releases pooled connections so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        initializeLock.Dispose();
        writeLock.Dispose();
        indexLock.Dispose();
    }

    /// <summary>The in-memory index at the store's current generation: loaded on first use and after another process wrote.</summary>
    private async Task<KnowledgeIndex> IndexAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var generation = await GenerationAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref index) is { } current && current.Generation >= generation)
        {
            return current;
        }

        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One read transaction: the generation and the rows loaded belong together.
            using var transaction = connection.BeginTransaction(deferred: true);
            generation = await GenerationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref index) is { } loaded && loaded.Generation == generation)
            {
                return loaded;
            }

            var fresh = new KnowledgeIndex(generation);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT id, text, title, section, tenant, source, quality_score, timestamp, expires_at, embedding FROM chunks ORDER BY id";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                fresh.Upsert(new IndexRow(
                    reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetDouble(6), Ticks(reader.GetString(7)),
                    reader.IsDBNull(8) ? null : Ticks(reader.GetString(8)), MemoryMarshal.Cast<byte, float>((byte[])reader.GetValue(9)).ToArray()));
            }

            SetIndex(fresh);
            return fresh;
        }
        finally
        {
            writeLock.Release();
        }
    }

    private static async Task<long> GenerationAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT generation FROM store_generation WHERE id = 1";
        return Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private void SetIndex(KnowledgeIndex? value)
    {
        indexLock.EnterWriteLock();
        try
        {
            index = value;
        }
        finally
        {
            indexLock.ExitWriteLock();
        }
    }

    private static long Ticks(string stamp) => DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).UtcTicks;

    private static async Task<Dictionary<long, (string ChunkId, string DocId, string Text, ChunkMetadata Metadata)>> LoadAsync(
        SqliteConnection connection, List<long> ids, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        var names = new List<string>();
        for (var i = 0; i < ids.Count; i++)
        {
            names.Add("$id" + i.ToString(CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue(names[^1], ids[i]);
        }

        command.CommandText = $"SELECT {Columns} FROM chunks c WHERE c.id IN ({string.Join(", ", names)})";
        var rows = new Dictionary<long, (string, string, string, ChunkMetadata)>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var metadata = ReadMetadata(reader);
            rows[reader.GetInt64(0)] = (reader.GetString(1), reader.GetString(2), reader.GetString(4), metadata);
        }

        return rows;
    }

    private static ChunkMetadata ReadMetadata(SqliteDataReader reader) => new(
        Source: reader.GetString(7),
        Title: reader.IsDBNull(5) ? null : reader.GetString(5),
        Tenant: reader.IsDBNull(8) ? null : reader.GetString(8),
        Timestamp: DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        QualityScore: reader.GetDouble(10),
        RedactionPolicy: reader.GetString(11),
        Chunker: reader.GetString(12),
        EmbeddingModel: reader.GetString(13),
        Tags: JsonSerializer.Deserialize<string[]>(reader.GetString(14)) ?? [],
        Section: reader.IsDBNull(6) ? null : reader.GetString(6),
        ExpiresAt: reader.IsDBNull(15) ? null : DateTimeOffset.Parse(reader.GetString(15), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));

    private static async Task<List<IndexRow>> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken)
    {
        var rows = new List<IndexRow>(chunks.Count);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertSql;
        string[] names =
        [
            "$chunk_id", "$parent_doc_id", "$chunk_index", "$text", "$title", "$section", "$source", "$tenant", "$timestamp",
            "$quality_score", "$redaction_policy", "$chunker", "$embedding_model", "$tags", "$dimensions", "$embedding", "$expires_at",
        ];
        var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        foreach (var chunk in chunks)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(chunk.ChunkId);
            ArgumentNullException.ThrowIfNull(chunk.Embedding);
            var m = chunk.Metadata;
            object?[] values =
            [
                chunk.ChunkId, chunk.ParentDocId, chunk.Index, chunk.Text, m.Title, m.Section, m.Source, m.Tenant,
                Stamp(m.Timestamp), m.QualityScore, m.RedactionPolicy,
                m.Chunker, m.EmbeddingModel, JsonSerializer.Serialize(m.Tags ?? []), chunk.Embedding.Length,
                MemoryMarshal.AsBytes(chunk.Embedding.AsSpan()).ToArray(), m.ExpiresAt is { } expires ? Stamp(expires) : null,
            ];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            rows.Add(new IndexRow(id, chunk.Text, m.Title, m.Section, m.Tenant, m.Source, m.QualityScore, m.Timestamp.UtcTicks, m.ExpiresAt?.UtcTicks, chunk.Embedding));
        }

        return rows;
    }

    private static async Task<List<long>> DeleteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var ids = new List<long>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // One fixed shape (round-trip, UTC) so that text order is time order in SQL comparisons.
    private static string Stamp(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static void RequireDocument(string documentId, IReadOnlyList<KnowledgeChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Any(c => c.ParentDocId != documentId))
        {
            throw new ArgumentException($"Every chunk must belong to document '{documentId}'.", nameof(chunks));
        }
    }

    private async Task<IndexDelta> WriteAsync(Func<SqliteConnection, SqliteTransaction, Task<IndexDelta>> write, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // BEGIN IMMEDIATE: take the write lock up front so concurrent writers wait (busy timeout) instead of deadlocking on upgrade.
            using var transaction = connection.BeginTransaction(deferred: false);
            var before = await GenerationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var delta = await write(connection, transaction).ConfigureAwait(false);
            // Any process's write moves the generation on, so every process's in-memory index knows whether it is current.
            await ExecuteAsync(connection, transaction, "UPDATE store_generation SET generation = generation + 1 WHERE id = 1", cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            Apply(before, delta);
            return delta;
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>Applies a committed write to the index in place when the index was current before it; else drops it (reload on next search).</summary>
    private void Apply(long before, IndexDelta delta)
    {
        indexLock.EnterWriteLock();
        try
        {
            if (index is null)
            {
                return;
            }

            if (index.Generation != before)
            {
                index = null;
                return;
            }

            foreach (var id in delta.Removed)
            {
                index.Remove(id);
            }

            foreach (var row in delta.Added)
            {
                index.Upsert(row);
            }

            index.Generation = before + 1;
        }
        finally
        {
            indexLock.ExitWriteLock();
        }
    }

    /// <summary>What one write changed: rows deleted, rows inserted or updated (applied in that order).</summary>
    private sealed record IndexDelta(List<long> Removed, List<IndexRow> Added);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs.ToString(CultureInfo.InvariantCulture)}; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adds columns later versions introduced to a store created by an earlier version.</summary>
    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('chunks')";
            using var reader = await info.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add(reader.GetString(0));
            }
        }

        if (!columns.Contains("expires_at"))
        {
            using var alter = connection.CreateCommand();
            alter.CommandText = "ALTER TABLE chunks ADD COLUMN expires_at TEXT";
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var index = connection.CreateCommand();
        index.CommandText = "CREATE INDEX IF NOT EXISTS ix_chunks_expires ON chunks(expires_at) WHERE expires_at IS NOT NULL";
        await index.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await initializeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (initialized)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs.ToString(CultureInfo.InvariantCulture)}; PRAGMA journal_mode = WAL; {Schema}";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            initialized = true;
        }
        finally
        {
            initializeLock.Release();
        }
    }
}
