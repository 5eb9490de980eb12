using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace AiNative.Orchestrations.Hosting;

/// <summary>
/// In the Functions host, wraps each activity-triggered invocation in its <see cref="ActivitySpans"/> span (the plain
/// Durable Task worker does the same in <see cref="DurableFunctionCatalog"/>), with the orchestration instance id
/// the Durable extension puts in the trigger's binding data.
/// </summary>
public sealed class ActivityTelemetryMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!ActivityFailureRedactionMiddleware.IsActivityInvocation(context))
        {
            await next(context);
            return;
        }

        var instanceId = context.BindingContext.BindingData.TryGetValue("instanceId", out var value) ? value?.ToString() ?? "" : "";
        using var span = ActivitySpans.Start(context.FunctionDefinition.Name, instanceId);
        try
        {
            await next(context);
        }
        catch (Exception e)
        {
            span.Fail(e);
            throw;
        }
    }
}
