namespace AiNative.Platform.Governance.Pii;

/// <summary>Filters capitalised words that follow a name cue but are not names ("Dear Customer", "Hi Team").</summary>
internal static class PiiNames
{
    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "team", "teams", "support", "customer", "customers", "client", "service", "services", "billing", "all", "everyone", "there",
        "sir", "madam", "thanks", "thank", "regards", "hello", "hi", "dear", "best", "kind", "your", "our", "the", "a", "an", "this",
        "that", "please", "admin", "administrator", "user", "users", "manager", "department", "sales", "account", "accounts",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december", "inc", "corp", "ltd", "llc", "gmbh",
        "company", "group", "again", "guys", "folks", "friends", "colleagues", "all,", "everybody", "world", "helpdesk", "desk",
        "ops", "engineering", "finance", "legal", "hr", "it", "security", "unknown", "none", "null", "n/a", "test", "tester",
        "ticket", "incident", "order", "invoice", "refund", "payment", "status", "subject", "re", "fw", "fwd", "note", "update",
        "new", "old", "high", "low", "medium", "critical", "urgent", "open", "closed", "pending", "resolved", "yes", "no", "ok",
        "street", "avenue", "road", "suite", "floor", "building", "office", "bank", "card", "visa", "mastercard", "amex",
        "system", "server", "host", "agent", "bot", "assistant", "platform", "api", "app", "application", "portal",
    };

    /// <summary>Every word is capitalised text that is not a common non-name.</summary>
    public static bool IsPlausibleName(ReadOnlySpan<char> value)
    {
        foreach (var range in value.SplitAny(" \t"))
        {
            var word = value[range].TrimEnd('.');
            if (word.Length == 0)
            {
                continue;
            }

            if (NotNames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word))
            {
                return false;
            }
        }

        return true;
    }
}
