namespace AiNative.Platform.AgentPlane.Billing;

/// <summary>The demo data: the playbook's ACME Corp outage plus enough other accounts that lookups are not trivial.</summary>
internal static class BillingSeed
{
    public static IReadOnlyList<BillingCustomer> Customers { get; } =
    [
        new("C12345", "ACME Corp", "Business", 499.00m, "USD", "billing@acme.example"),
        new("C23456", "Globex Corporation", "Enterprise", 1999.00m, "USD", "accounts@globex.example"),
        new("C34567", "Initech", "Starter", 49.00m, "USD", "finance@initech.example"),
        new("C45678", "Umbrella Health GmbH", "Business", 459.00m, "EUR", "rechnung@umbrella-health.example"),
        new("C56789", "Stark Analytics", "Pro", 149.00m, "USD", "ap@stark-analytics.example"),
    ];

    public static IReadOnlyList<BillingIncident> Incidents { get; } =
    [
        new("INC-789", "Service outage", new DateOnly(2026, 7, 15), 4, ["C12345"]),
        new("INC-790", "API latency degradation", new DateOnly(2026, 7, 22), 1.5, ["C23456", "C34567"]),
        new("INC-801", "Database failover in EU region", new DateOnly(2026, 8, 3), 2, ["C45678"]),
        new("INC-812", "Webhook delivery delays", new DateOnly(2026, 9, 10), 0.5, ["C56789", "C23456"]),
    ];
}
