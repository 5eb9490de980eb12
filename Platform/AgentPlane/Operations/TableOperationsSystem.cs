using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using AiNative.Platform.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Operations;

/// <summary>
/// The demo operations platform on Azure Tables (<c>OpsServices</c>, <c>OpsLogs</c>, <c>OpsMetrics</c>,
/// <c>OpsRemediations</c>). A remediation is exactly-once per idempotency key: its record is written first, and the
/// service row remembers the last remediation applied, so a retry after a crash neither restarts nor scales twice.
/// </summary>
public sealed partial class TableOperationsSystem : IOperationsSystem
{
    public const string ServicesTable = "OpsServices";
    public const string LogsTable = "OpsLogs";
    public const string MetricsTable = "OpsMetrics";
    public const string RemediationsTable = "OpsRemediations";

    private const string ServicePartition = "service";
    private const string RemediationPartition = "remediation";
    private const string SeedPrefix = "seed-";
    private const int MaxSinceMinutes = 7 * 24 * 60;
    private const int MaxReplicas = 20;
    private static readonly string[] Levels = ["debug", "info", "warning", "error", "critical"];

    private readonly LazyTable services;
    private readonly LazyTable logs;
    private readonly LazyTable metrics;
    private readonly LazyTable remediations;
    private readonly Lazy<OperationsSeed> seed;
    private readonly TimeProvider time;
    private readonly ILogger<TableOperationsSystem> logger;

    public TableOperationsSystem(StorageAccount storage, IOptions<PlatformOptions> platform, TimeProvider time, ILogger<TableOperationsSystem> logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(platform);
        services = new LazyTable(storage, ServicesTable);
        logs = new LazyTable(storage, LogsTable);
        metrics = new LazyTable(storage, MetricsTable);
        remediations = new LazyTable(storage, RemediationsTable);
        seed = new Lazy<OperationsSeed>(() => OperationsSeed.Load(platform.Value.ResolveCatalogDirectory()));
        this.time = time;
        this.logger = logger;
    }

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var data = seed.Value;
        var now = time.GetUtcNow();
        var serviceTable = await services.GetAsync(cancellationToken).ConfigureAwait(false);
        await serviceTable.SubmitTransactionAsync(
            data.Services.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(ServicePartition, s.Name)
            {
                ["Replicas"] = s.Replicas, ["Version"] = s.Version, ["Status"] = s.Status, ["Owner"] = s.Owner, ["Restarts"] = 0, ["UpdatedAt"] = now,
            })),
            cancellationToken).ConfigureAwait(false);

        // Seeded rows have fixed keys (re-seeding refreshes their times); rows written by remediations are cleared.
        var logTable = await logs.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var group in data.Logs.Select((l, i) => (l, i)).GroupBy(x => x.l.Service))
        {
            await ClearNonSeedRowsAsync(logTable, group.Key, cancellationToken).ConfigureAwait(false);
            await logTable.SubmitTransactionAsync(
                group.Select(x => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(x.l.Service, $"{SeedPrefix}{x.i:D4}")
                {
                    ["At"] = now.AddMinutes(-x.l.MinutesAgo), ["Level"] = x.l.Level, ["Message"] = x.l.Message,
                })),
                cancellationToken).ConfigureAwait(false);
        }

        var metricTable = await metrics.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var series in data.Metrics)
        {
            var partition = MetricPartition(series.Service, series.Name);
            await ClearNonSeedRowsAsync(metricTable, partition, cancellationToken).ConfigureAwait(false);
            var last = series.Points.Count - 1;
            await metricTable.SubmitTransactionAsync(
                series.Points.Select((value, i) => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, $"{SeedPrefix}{i:D4}")
                {
                    ["At"] = now.AddMinutes(-(last - i) * series.IntervalMinutes), ["Value"] = value, ["Unit"] = series.Unit, ["Baseline"] = series.Points[0],
                })),
                cancellationToken).ConfigureAwait(false);
        }

        Log.Seeded(logger, data.Services.Count, data.Logs.Count, data.Metrics.Count);
    }

    public async Task<IReadOnlyList<ServiceState>> ListServicesAsync(CancellationToken cancellationToken = default)
    {
        var table = await services.GetAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<ServiceState>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == ServicePartition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(ToService(row));
        }

        return found;
    }

    public async Task<LogQueryResult> QueryLogsAsync(LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await RequireServiceAsync(query.Service, cancellationToken).ConfigureAwait(false);
        var since = Since(query.SinceMinutes);
        var minLevel = query.MinLevel is null ? 0 : Array.IndexOf(Levels, query.MinLevel.ToLowerInvariant());
        if (minLevel < 0)
        {
            throw new OperationsException($"Unknown log level '{query.MinLevel}' (known: {string.Join(", ", Levels)}).");
        }

        var table = await logs.GetAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<LogEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == query.Service, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var entry = new LogEntry(query.Service, row.GetDateTimeOffset("At") ?? default, row.GetString("Level") ?? "info", row.GetString("Message") ?? "");
            if (entry.At >= since && Array.IndexOf(Levels, entry.Level) >= minLevel
                && (query.Contains is null || entry.Message.Contains(query.Contains, StringComparison.OrdinalIgnoreCase)))
            {
                entries.Add(entry);
            }
        }

        var newest = entries.OrderByDescending(e => e.At).ToList();
        var counts = newest.GroupBy(e => e.Level).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new LogQueryResult(query.Service, query.SinceMinutes, [.. newest.Take(Math.Clamp(query.Max, 1, 200))], counts);
    }

    public async Task<MetricQueryResult> QueryMetricsAsync(string service, string? metric, int sinceMinutes, CancellationToken cancellationToken = default)
    {
        await RequireServiceAsync(service, cancellationToken).ConfigureAwait(false);
        var known = seed.Value.Metrics.Where(m => m.Service == service).Select(m => m.Name).ToList();
        if (metric is not null && !known.Contains(metric, StringComparer.Ordinal))
        {
            throw new OperationsException($"Service '{service}' has no metric '{metric}' (known: {string.Join(", ", known)}).");
        }

        var since = Since(sinceMinutes);
        var table = await metrics.GetAsync(cancellationToken).ConfigureAwait(false);
        var series = new List<MetricSeries>();
        foreach (var name in metric is null ? known : [metric])
        {
            var points = new List<MetricPoint>();
            var unit = "";
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == MetricPartition(service, name), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                unit = row.GetString("Unit") ?? unit;
                if (row.GetDateTimeOffset("At") is { } at && at >= since)
                {
                    points.Add(new MetricPoint(at, row.GetDouble("Value") ?? 0));
                }
            }

            points.Sort((a, b) => a.At.CompareTo(b.At));
            series.Add(new MetricSeries(service, name, unit, points,
                points.Count > 0 ? points[^1].Value : null,
                points.Count > 0 ? points.Min(p => p.Value) : null,
                points.Count > 0 ? points.Max(p => p.Value) : null,
                points.Count > 0 ? Math.Round(points.Average(p => p.Value), 2) : null));
        }

        return new MetricQueryResult(service, sinceMinutes, series);
    }

    public async Task<RemediationRecord> RemediateAsync(RemediationCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrEmpty(command.IdempotencyKey);
        if (command.Action is not (RemediationActions.Restart or RemediationActions.Scale))
        {
            throw new OperationsException($"Unknown remediation action '{command.Action}' (restart or scale).");
        }

        if (command.Action == RemediationActions.Scale && command.Replicas is not (>= 1 and <= MaxReplicas))
        {
            throw new OperationsException($"Scaling needs a replica count from 1 to {MaxReplicas} ({command.Replicas?.ToString(CultureInfo.InvariantCulture) ?? "none"} given).");
        }

        var id = "rem-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(command.IdempotencyKey)))[..20];
        var recordTable = await remediations.GetAsync(cancellationToken).ConfigureAwait(false);
        var existing = await recordTable.GetEntityIfExistsAsync<TableEntity>(RemediationPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (existing.HasValue && existing.Value!.GetString("Status") != "pending")
        {
            return ToRecord(existing.Value);
        }

        var serviceTable = await services.GetAsync(cancellationToken).ConfigureAwait(false);
        var service = await RequireServiceAsync(command.Service, cancellationToken).ConfigureAwait(false);
        var record = existing.HasValue ? existing.Value! : new TableEntity(RemediationPartition, id)
        {
            ["Service"] = command.Service, ["Action"] = command.Action, ["ReplicasBefore"] = service.GetInt32("Replicas") ?? 1,
            ["StatusBefore"] = service.GetString("Status"), ["RequestedBy"] = command.RequestedBy, ["Status"] = "pending",
            ["ReplicasAfter"] = command.Action == RemediationActions.Scale ? command.Replicas!.Value : service.GetInt32("Replicas") ?? 1,
            ["At"] = time.GetUtcNow(), ["Undone"] = false,
        };
        if (!existing.HasValue)
        {
            try
            {
                await recordTable.AddEntityAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
            {
                // Another attempt with the same key got there first: finish what it recorded.
                record = (await recordTable.GetEntityAsync<TableEntity>(RemediationPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
        }

        // The service row names the last remediation applied: a retry after a crash here does not act twice.
        if (service.GetString("LastRemediation") != id)
        {
            service["Replicas"] = record.GetInt32("ReplicasAfter");
            service["Status"] = "healthy";
            service["Restarts"] = (service.GetInt32("Restarts") ?? 0) + (command.Action == RemediationActions.Restart ? 1 : 0);
            service["LastRemediation"] = id;
            service["UpdatedAt"] = time.GetUtcNow();
            await serviceTable.UpdateEntityAsync(service, service.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            await RecordRecoveryAsync(command, id, record.GetInt32("ReplicasAfter") ?? 1, cancellationToken).ConfigureAwait(false);
        }

        record["Status"] = "healthy";
        await recordTable.UpsertEntityAsync(record, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        Log.Remediated(logger, command.Service, command.Action, id);
        return ToRecord(record);
    }

    public async Task<RemediationRecord> UndoAsync(string remediationId, string requestedBy, CancellationToken cancellationToken = default)
    {
        var recordTable = await remediations.GetAsync(cancellationToken).ConfigureAwait(false);
        var found = await recordTable.GetEntityIfExistsAsync<TableEntity>(RemediationPartition, remediationId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            throw new OperationsException($"There is no remediation '{remediationId}'.");
        }

        var record = found.Value!;
        if (record.GetBoolean("Undone") == true)
        {
            return ToRecord(record);
        }

        var serviceTable = await services.GetAsync(cancellationToken).ConfigureAwait(false);
        var service = await RequireServiceAsync(record.GetString("Service")!, cancellationToken).ConfigureAwait(false);
        service["Replicas"] = record.GetInt32("ReplicasBefore");
        service["Status"] = record.GetString("StatusBefore");
        service["UpdatedAt"] = time.GetUtcNow();
        await serviceTable.UpdateEntityAsync(service, service.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await AppendLogAsync(service.RowKey, "warning", $"Remediation {remediationId} undone by {requestedBy}: replicas back to {record.GetInt32("ReplicasBefore")}", cancellationToken).ConfigureAwait(false);
        record["Undone"] = true;
        record["Status"] = record.GetString("StatusBefore");
        await recordTable.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return ToRecord(record);
    }

    // After a restart or scale-out the demo service recovers: every metric returns to its pre-incident baseline.
    private async Task RecordRecoveryAsync(RemediationCommand command, string id, int replicas, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var metricTable = await metrics.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var series in seed.Value.Metrics.Where(m => m.Service == command.Service))
        {
            await metricTable.UpsertEntityAsync(new TableEntity(MetricPartition(series.Service, series.Name), $"r-{id}")
            {
                ["At"] = now, ["Value"] = series.Points[0], ["Unit"] = series.Unit,
            }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        var what = command.Action == RemediationActions.Restart ? "Rolling restart completed" : $"Scaled to {replicas} replicas";
        await AppendLogAsync(command.Service, "info", $"{what} ({id}, requested by {command.RequestedBy})", cancellationToken).ConfigureAwait(false);
    }

    private async Task AppendLogAsync(string service, string level, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var table = await logs.GetAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(service, $"r-{now.UtcTicks:D19}-{Guid.NewGuid():N}")
        {
            ["At"] = now, ["Level"] = level, ["Message"] = message,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TableEntity> RequireServiceAsync(string service, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(service, 100))
        {
            throw new OperationsException($"'{service}' is not a service name.");
        }

        var table = await services.GetAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(ServicePartition, service, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value! : throw new OperationsException(
            $"There is no service '{service}' (known: {string.Join(", ", seed.Value.Services.Select(s => s.Name))}).");
    }

    private static async Task ClearNonSeedRowsAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!row.RowKey.StartsWith(SeedPrefix, StringComparison.Ordinal))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private DateTimeOffset Since(int minutes) =>
        minutes is >= 1 and <= MaxSinceMinutes
            ? time.GetUtcNow().AddMinutes(-minutes)
            : throw new OperationsException($"since_minutes must be from 1 to {MaxSinceMinutes} ({minutes} given).");

    private static string MetricPartition(string service, string metric) => $"{service}|{metric}";

    private static ServiceState ToService(TableEntity row) => new(
        row.RowKey, row.GetInt32("Replicas") ?? 0, row.GetString("Version") ?? "", row.GetString("Status") ?? "", row.GetString("Owner") ?? "",
        row.GetInt32("Restarts") ?? 0, row.GetDateTimeOffset("UpdatedAt") ?? default);

    private static RemediationRecord ToRecord(TableEntity row) => new(
        row.RowKey, row.GetString("Service") ?? "", row.GetString("Action") ?? "", row.GetInt32("ReplicasBefore") ?? 0, row.GetInt32("ReplicasAfter") ?? 0,
        row.GetString("StatusBefore") ?? "", row.GetString("Status") ?? "", row.GetDateTimeOffset("At") ?? default, row.GetString("RequestedBy") ?? "",
        row.GetBoolean("Undone") ?? false);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Operations demo data seeded: {Services} services, {Logs} log lines, {Metrics} metric series")]
        public static partial void Seeded(ILogger logger, int services, int logs, int metrics);

        [LoggerMessage(2, LogLevel.Information, "Remediation {RemediationId}: {Action} of {Service}")]
        public static partial void Remediated(ILogger logger, string service, string action, string remediationId);
    }
}
