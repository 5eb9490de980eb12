using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace AiNative.Api.Http;

/// <summary>Requests addressed to a running orchestration (a session message, a run's event): instance checks, then the body.</summary>
public static class RunningInstance
{
    /// <summary>
    /// The request's JSON object, or the problem to return: 404 (<paramref name="notFoundDetail"/>) when <paramref name="id"/>
    /// is no instance of the expected orchestrator, 409 (<paramref name="endedDetail"/> of its status) when it has ended,
    /// otherwise the body's own problem (<see cref="JsonBody.ReadObjectAsync"/>).
    /// </summary>
    public static async Task<(JsonElement Body, IResult? Problem)> ReadBodyAsync(
        HttpRequest request,
        DurableTaskClient client,
        string id,
        Func<string, bool> isExpectedOrchestrator,
        string notFoundDetail,
        Func<OrchestrationRuntimeStatus, string> endedDetail,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(isExpectedOrchestrator);
        ArgumentNullException.ThrowIfNull(endedDetail);
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (instance is null || !isExpectedOrchestrator(instance.Name))
        {
            return (default, ApiProblems.NotFound(notFoundDetail));
        }

        if (instance.IsCompleted)
        {
            return (default, ApiProblems.Conflict(endedDetail(instance.RuntimeStatus)));
        }

        return await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
