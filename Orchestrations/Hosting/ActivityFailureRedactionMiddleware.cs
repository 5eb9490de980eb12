using AiNative.Platform.Governance;
using AiNative.Platform.Governance.Pii;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace AiNative.Orchestrations.Hosting;

/// <summary>
/// In the Functions host, PII-redacts the message (and inner messages) of any exception an activity throws before the
/// worker hands it to the Durable extension, which records it in orchestration history: the same
/// <see cref="PiiExceptionRedaction"/> the plain Durable Task worker applies in <see cref="DurableFunctionCatalog"/>.
/// Register it with <c>UseWhen</c>(<see cref="IsActivityInvocation"/>) after the telemetry middleware, so the activity's
/// span records the redacted failure.
/// </summary>
public sealed class ActivityFailureRedactionMiddleware(IPiiRedactor redactor) : IFunctionsWorkerMiddleware
{
    private const string ActivityTriggerBinding = "activityTrigger";

    /// <summary>Whether <paramref name="context"/> is an activity-triggered invocation.</summary>
    public static bool IsActivityInvocation(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.FunctionDefinition.InputBindings.Values.Any(b => string.Equals(b.Type, ActivityTriggerBinding, StringComparison.OrdinalIgnoreCase));
    }

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception e)
        {
            if (PiiExceptionRedaction.Redact(e, redactor) is { } redacted)
            {
                throw redacted;
            }

            throw;
        }
    }
}
