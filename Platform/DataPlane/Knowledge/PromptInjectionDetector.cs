using System.Text.RegularExpressions;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>
/// A first line of defence for retrieved text (indirect prompt injection): a fixed list of markers that documents
/// have no business containing, such as "ignore previous instructions", role headers or chat-template tokens.
/// It flags, it does not rewrite: callers decide (the retriever marks hits; prompts quote flagged text as data).
/// Known limits: regex markers miss paraphrases, other languages and encoded payloads; the guardrails work deepens this.
/// </summary>
public static partial class PromptInjectionDetector
{
    private static readonly (string Name, Regex Pattern)[] Markers =
    [
        ("ignore-instructions", IgnoreInstructions()),
        ("new-instructions", NewInstructions()),
        ("role-override", RoleOverride()),
        ("prompt-exfiltration", PromptExfiltration()),
        ("chat-template-token", ChatTemplateToken()),
        ("role-header", RoleHeader()),
    ];

    /// <summary>The names of the markers found in <paramref name="text"/> (empty when none).</summary>
    public static IReadOnlyList<string> Scan(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        List<string>? found = null;
        foreach (var (name, pattern) in Markers)
        {
            if (pattern.IsMatch(text))
            {
                (found ??= []).Add(name);
            }
        }

        return found is null ? [] : found;
    }

    // Match timeouts of 1 s guard against pathological input; 100 ms tripped on a loaded 2-core machine with ordinary text.
    [GeneratedRegex(@"\b(ignore|disregard|forget|override|bypass)\s+(all\s+|any\s+|the\s+|your\s+|every\s+)*(previous|prior|above|earlier|preceding|system|safety)?\s*(instructions?|prompts?|rules|directions|guidelines|context)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex IgnoreInstructions();

    [GeneratedRegex(@"\b(new|updated|real|actual)\s+(system\s+)?instructions?\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NewInstructions();

    [GeneratedRegex(@"\byou\s+are\s+(now|no\s+longer)\b|\bfrom\s+now\s+on,?\s+you\b|\bact\s+as\s+(an?\s+)?(unrestricted|jailbroken|developer\s+mode|dan)\b|\bdeveloper\s+mode\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RoleOverride();

    [GeneratedRegex(@"\b(reveal|print|show|repeat|output|leak)\s+(me\s+)?(your|the)\s+(system\s+prompt|instructions|hidden\s+prompt|api\s+key|secrets?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PromptExfiltration();

    [GeneratedRegex(@"<\|(im_start|im_end|system|user|assistant|endoftext)\|>|\[/?INST\]|<</?SYS>>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChatTemplateToken();

    [GeneratedRegex(@"^\s*(#{1,6}\s*)?(system|assistant)\s*(prompt|message)?\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline, 1000)]
    private static partial Regex RoleHeader();
}
