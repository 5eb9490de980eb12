namespace AiNative.Platform.AgentPlane.Operations;

/// <summary>A service the operations system knows: how many replicas run, which version, and its health.</summary>
public sealed record ServiceState(string Name, int Replicas, string Version, string Status, string Owner, int Restarts, DateTimeOffset UpdatedAt);

/// <summary>One log line of a service.</summary>
public sealed record LogEntry(string Service, DateTimeOffset At, string Level, string Message);

/// <summary>A query over recent logs: a service, how far back, the lowest level, and optional text to contain.</summary>
public sealed record LogQuery(string Service, int SinceMinutes = 60, string? MinLevel = null, string? Contains = null, int Max = 50);

/// <summary>Log lines found, newest first, with counts by level.</summary>
public sealed record LogQueryResult(string Service, int SinceMinutes, IReadOnlyList<LogEntry> Entries, IReadOnlyDictionary<string, int> CountsByLevel);

/// <summary>One point of a metric series.</summary>
public sealed record MetricPoint(DateTimeOffset At, double Value);

/// <summary>A metric's recent series with its latest value, minimum, maximum and average.</summary>
public sealed record MetricSeries(string Service, string Metric, string Unit, IReadOnlyList<MetricPoint> Points, double? Latest, double? Min, double? Max, double? Average);

/// <summary>Metrics of a service over a window.</summary>
public sealed record MetricQueryResult(string Service, int SinceMinutes, IReadOnlyList<MetricSeries> Series);

/// <summary>A remediation to carry out: restart, or scale to a replica count. <see cref="IdempotencyKey"/> makes a repeat return the first result.</summary>
public sealed record RemediationCommand(string IdempotencyKey, string Service, string Action, int? Replicas, string RequestedBy);

/// <summary>A remediation carried out (or undone), with the state before it so it can be undone.</summary>
public sealed record RemediationRecord(
    string RemediationId,
    string Service,
    string Action,
    int ReplicasBefore,
    int ReplicasAfter,
    string StatusBefore,
    string Status,
    DateTimeOffset At,
    string RequestedBy,
    bool Undone);

/// <summary>Values of <see cref="RemediationCommand.Action"/>.</summary>
public static class RemediationActions
{
    public const string Restart = "restart";
    public const string Scale = "scale";
}

/// <summary>A request the operations system refuses: unknown service or metric, a bad action or replica count.</summary>
public sealed class OperationsException : Exception
{
    public OperationsException() { }

    public OperationsException(string message) : base(message) { }

    public OperationsException(string message, Exception inner) : base(message, inner) { }
}
