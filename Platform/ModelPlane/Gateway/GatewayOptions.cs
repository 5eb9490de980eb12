namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary>Tenants, quotas and caches of the gateway (configuration section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Per tenant name: API key of the HTTP endpoint and quotas (<c>Gateway__Tenants__acme__ApiKey</c>, ...).</summary>
    public Dictionary<string, TenantOptions> Tenants { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Token budgets reset at the start of each period (UTC, counted from the Unix epoch).</summary>
    public TimeSpan BudgetPeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How stale this instance's view of a shared token budget may get before it re-reads the ledger (Azure Table).</summary>
    public TimeSpan BudgetSyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether token budgets are kept in the shared Azure Table ledger when storage is configured (else per instance).</summary>
    public bool SharedBudgets { get; set; } = true;

    /// <summary>Exact-match response and embedding caches.</summary>
    public bool CacheEnabled { get; set; } = true;

    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Entries the in-memory (L1) cache keeps before it evicts the oldest.</summary>
    public int CacheMemoryEntries { get; set; } = 2000;

    /// <summary>How often an instance re-reads the shared cache generations (invalidations made by other instances).</summary>
    public TimeSpan CacheGenerationRefresh { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether cached answers are also kept in Azure Table storage (L2, shared by instances).</summary>
    public bool CachePersistent { get; set; } = true;

    public TenantOptions For(string? tenant) => tenant is not null && Tenants.TryGetValue(tenant, out var t) ? t : Unlimited;

    private static readonly TenantOptions Unlimited = new();
}

/// <summary>One tenant's API key and limits (0: unlimited).</summary>
public sealed class TenantOptions
{
    /// <summary>Secret: the key clients send as <c>Authorization: Bearer</c> or <c>api-key</c> to the HTTP endpoint.</summary>
    public string? ApiKey { get; set; }

    public int RequestsPerMinute { get; set; }

    public int TokensPerMinute { get; set; }

    /// <summary>Tokens (input and output, every attempt and fallback included) per <see cref="GatewayOptions.BudgetPeriod"/>.</summary>
    public long TokenBudget { get; set; }
}
