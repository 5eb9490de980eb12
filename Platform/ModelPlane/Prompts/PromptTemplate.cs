using System.Text;
using System.Text.RegularExpressions;

namespace AiNative.Platform.ModelPlane.Prompts;

/// <summary>A prompt text with <c>{{ name }}</c> placeholders, parsed once; rendering substitutes values verbatim.</summary>
/// <remarks>Strict by design: no filters, loops or conditionals, so what a prompt sends is obvious from its file.</remarks>
public sealed partial class PromptTemplate
{
    private readonly List<(string Text, bool IsVariable)> parts;

    private PromptTemplate(string source, List<(string Text, bool IsVariable)> parts)
    {
        Source = source;
        this.parts = parts;
        Variables = parts.Where(p => p.IsVariable).Select(p => p.Text).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The template as written.</summary>
    public string Source { get; }

    /// <summary>Placeholder names in order of first use.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>Parses <paramref name="source"/>; returns the syntax errors instead of throwing.</summary>
    public static PromptTemplate Parse(string source, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(source);
        var found = new List<string>();
        var parts = new List<(string Text, bool IsVariable)>();
        var position = 0;
        while (position < source.Length)
        {
            var open = source.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }

            parts.Add((source[position..open], false));
            var close = source.IndexOf("}}", open + 2, StringComparison.Ordinal);
            var nextOpen = source.IndexOf("{{", open + 2, StringComparison.Ordinal);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close))
            {
                found.Add($"line {LineOf(source, open)}: '{{{{' is not closed by '}}}}'");
                position = open + 2;
                continue;
            }

            var inner = source[(open + 2)..close];
            var name = inner.Trim();
            if (!NameRegex().IsMatch(name))
            {
                found.Add($"line {LineOf(source, open)}: placeholder '{{{{{inner}}}}}' is not of the form '{{{{ name }}}}' (letters, digits, '_'; no filters)");
            }
            else
            {
                parts.Add((name, true));
            }

            position = close + 2;
        }

        if (position < source.Length)
        {
            parts.Add((source[position..], false));
        }

        errors = found;
        return new PromptTemplate(source, parts);
    }

    /// <summary>Substitutes every placeholder; <paramref name="missing"/> collects names without a value.</summary>
    public string Render(IReadOnlyDictionary<string, string> variables, ICollection<string> missing)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(missing);
        var builder = new StringBuilder(Source.Length);
        foreach (var (text, isVariable) in parts)
        {
            if (!isVariable)
            {
                builder.Append(text);
            }
            else if (variables.TryGetValue(text, out var value) && value is not null)
            {
                builder.Append(value);
            }
            else if (!missing.Contains(text))
            {
                missing.Add(text);
            }
        }

        return builder.ToString();
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NameRegex();
}
