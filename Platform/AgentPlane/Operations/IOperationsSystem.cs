namespace AiNative.Platform.AgentPlane.Operations;

/// <summary>The demo operations platform the incident tools act on: services, their logs and metrics, and remediations.</summary>
public interface IOperationsSystem
{
    /// <summary>Loads <c>catalog/ops/telemetry.json</c> into storage, with times relative to now (idempotent per start).</summary>
    Task SeedAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ServiceState>> ListServicesAsync(CancellationToken cancellationToken = default);

    Task<LogQueryResult> QueryLogsAsync(LogQuery query, CancellationToken cancellationToken = default);

    /// <summary>Series of <paramref name="metric"/> (or every metric of the service when null) over the last minutes.</summary>
    Task<MetricQueryResult> QueryMetricsAsync(string service, string? metric, int sinceMinutes, CancellationToken cancellationToken = default);

    /// <summary>Restarts or scales a service exactly once per idempotency key.</summary>
    Task<RemediationRecord> RemediateAsync(RemediationCommand command, CancellationToken cancellationToken = default);

    /// <summary>Restores the replica count and status a remediation found (the compensation of <see cref="RemediateAsync"/>); idempotent.</summary>
    Task<RemediationRecord> UndoAsync(string remediationId, string requestedBy, CancellationToken cancellationToken = default);
}
