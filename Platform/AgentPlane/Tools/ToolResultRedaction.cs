using AiNative.Platform.Governance;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>
/// Redacts what a tool call hands back (output string values, the error message and details); <see cref="ToolExecutor"/>
/// applies it once, before the ledger, the audit trail, MCP callers or Durable history keep the result. What a tool call
/// throws is redacted by the hosts like any activity failure (<see cref="PiiExceptionRedaction"/>); an unexpected one is
/// described for the audit trail by <see cref="Unexpected"/> (MCP callers get its type only).
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

    /// <summary>
    /// The error that reports an exception no tool is expected to throw (a bug): code <see cref="ToolErrorCodes.Internal"/>,
    /// the exception's type and its message as <paramref name="redacted"/> (from <see cref="PiiExceptionRedaction"/>) has it.
    /// </summary>
    public static ToolError Unexpected(string tool, Exception redacted)
    {
        ArgumentNullException.ThrowIfNull(redacted);
        var (type, message) = redacted is RedactedFailureException { OriginalType.Length: > 0 } stand
            ? (stand.OriginalType[(stand.OriginalType.LastIndexOf('.') + 1)..], stand.RedactedMessage)
            : (redacted.GetType().Name, redacted.Message);
        return new ToolError(ToolErrorCodes.Internal, $"'{tool}' failed unexpectedly ({type}): {message}");
    }
}
