using AiNative.Platform.Governance;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>
/// Redacts what a tool call hands back (output string values, the error message and details); <see cref="ToolExecutor"/>
/// applies it once, before the ledger, the audit trail, MCP callers or Durable history keep the result. What a tool call
/// throws is redacted by the hosts like any activity failure (<see cref="PiiExceptionRedaction"/>).
/// </summary>
public static class ToolResultRedaction
{
    /// <summary><paramref name="result"/> with its output and error redacted; structure, ids and numbers unchanged.</summary>
    public static ToolResult Redact(ToolResult result, IPiiRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(redactor);
        return result with
        {
            Output = result.Output is { } output ? PiiJsonRedaction.Redact(redactor, output) : null,
            Error = result.Error is { } error
                ? error with
                {
                    Message = redactor.Redact(error.Message).Text,
                    Details = error.Details?.Select(d => redactor.Redact(d).Text).ToList(),
                }
                : null,
        };
    }
}
