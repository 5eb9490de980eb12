using AiNative.Api.Http;
using AiNative.Api.Runs;
using AiNative.Orchestrations.Evals;
using AiNative.Platform.Evals;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AiNative.Api.Evals;

/// <summary><c>POST /api/evals/runs</c> starts <c>RunEvalSuite</c>; <c>GET /api/evals/runs/{id}</c> reads it.</summary>
public sealed class EvalRunsHandler(EvalService evals)
{
    public async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (suite, suiteProblem) = JsonBody.RequiredString(body, "suite", 128);
        if (suiteProblem is not null)
        {
            return suiteProblem;
        }

        if (!evals.SuiteIds.Contains(suite, StringComparer.Ordinal))
        {
            return ApiProblems.NotFound($"There is no eval suite '{suite}'. Known suites: {string.Join(", ", evals.SuiteIds)}.");
        }

        var id = $"eval-{suite}-{Guid.NewGuid():N}";
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(RunEvalSuite), new EvalRunRequest(suite), new StartOrchestrationOptions(id), cancellationToken).ConfigureAwait(false);
        var status = $"{request.Scheme}://{request.Host}{request.PathBase}/api/evals/runs/{Uri.EscapeDataString(id)}";
        return Results.Accepted(status, new { id, suite, statusQueryGetUri = status });
    }

    public static async Task<IResult> GetAsync(DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return instance is null || instance.Name != nameof(RunEvalSuite)
            ? ApiProblems.NotFound($"There is no eval run '{id}'.")
            : Results.Ok(InstanceView.From(instance));
    }
}
