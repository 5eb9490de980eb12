using System.Diagnostics;
using AiNative.Platform.Governance.Pii;
using OpenTelemetry;

namespace AiNative.Platform.Telemetry;

/// <summary>
/// Prompt and completion content on GenAI spans, before any exporter sees it: removed when capture is off (even if
/// <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c> turned Microsoft.Extensions.AI's recording on), and
/// redacted through <see cref="IPiiRedactor"/> when <c>Telemetry__CaptureContent</c> is true. Without a redactor
/// nothing is kept. Registered before the exporters, so they export the cleaned span.
/// </summary>
public sealed class GenAiContentProcessor(IPiiRedactor? redactor, bool capture) : BaseProcessor<Activity>
{
    /// <summary>The span attributes that carry message, instruction or tool-call content (GenAI semantic conventions).</summary>
    public static IReadOnlyList<string> ContentAttributes { get; } =
    [
        "gen_ai.input.messages",
        "gen_ai.output.messages",
        "gen_ai.system_instructions",
        "gen_ai.tool.call.arguments",
        "gen_ai.tool.call.result",
        "gen_ai.prompt",
        "gen_ai.completion",
    ];

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var attribute in ContentAttributes)
        {
            if (data.GetTagItem(attribute) is { } value)
            {
                data.SetTag(attribute, capture && redactor is not null ? redactor.Redact(value.ToString() ?? "").Text : null);
            }
        }
    }
}
