using AiNative.Api.Http;
using AiNative.Orchestrations.Agents;
using AiNative.Platform.AgentPlane;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.Governance;
using AiNative.Platform.Governance.Injection;
using AiNative.Platform.Governance.Pii;
using AiNative.Platform.Governance.Policies;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace AiNative.Api.Runs;

/// <summary>Starts, reads and stops agent runs: <c>/api/agents/{agent}/runs</c> and <c>/api/runs/{id}</c>.</summary>
public sealed class AgentRunsHandler(IPiiRedactor redactor, IOptions<ApprovalOptions> approvals, PolicyRegistry policies, PrincipalPseudonyms pseudonyms)
{
    public const int MaxInputLength = 20_000;

    public async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, string agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (!AgentCatalog.Exists(agent))
        {
            return ApiProblems.NotFound($"There is no agent named '{agent}'. Known agents: {string.Join(", ", AgentCatalog.Names)}.");
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (input, inputProblem) = JsonBody.RequiredString(body, "input", MaxInputLength);
        var (sessionId, sessionProblem) = JsonBody.OptionalString(body, "sessionId", 128);
        if ((inputProblem ?? sessionProblem) is { } invalid)
        {
            return invalid;
        }

        if (sessionId is not null && !Platform.AgentPlane.Memory.TableConversationMemory.IsValidSessionId(sessionId))
        {
            return ApiProblems.BadRequest($"sessionId '{sessionId}' may not contain / \\ # ? or control characters.", "sessionId");
        }

        // Guardrail at the edge: a prompt-injection attempt is refused or sent to a person, per the agent's policy.
        var (screening, blocked) = Screen(agent, input);
        if (blocked is not null)
        {
            return blocked;
        }

        // Guardrail at the edge: personal data never reaches orchestration history (operators per the agent's policy).
        var redacted = redactor.Redact(input, policies.ForAgent(agent).Pii.ToRedactionOptions()).Text;
        var options = approvals.Value;
        // Who asks and who approves enter history as pseudonyms only (see PrincipalPseudonyms).
        var run = new AgentRunRequest(agent, redacted, sessionId, RequestedBy(request, pseudonyms), new AgentRunPolicy(options.DefaultTimeout, Pseudonyms(options, pseudonyms)) { InputScreening = screening });
        var id = $"run-{Guid.NewGuid():N}";
        // The request's span is the root of the run's trace: it carries the run's id like every span below it.
        System.Diagnostics.Activity.Current?.SetTag(Platform.Telemetry.PlatformTelemetry.InstanceIdTag, id);
        await client.ScheduleNewOrchestrationInstanceAsync(AgentCatalog.OrchestratorOf(agent), run, new StartOrchestrationOptions(id), cancellationToken).ConfigureAwait(false);

        var links = RunLinks.For(request, id);
        return Results.Accepted(links.StatusQueryGetUri, links);
    }

    private (InputScreening? Screening, IResult? Blocked) Screen(string agent, string input)
    {
        var policy = policies.ForAgent(agent);
        var rule = policy.Injection.For(InjectionChannel.User);
        var verdict = PromptInjectionDetector.Detect(input, InjectionChannel.User, rule.Threshold);
        if (!verdict.Injection)
        {
            return (null, null);
        }

        if (rule.Action == GuardrailAction.Block)
        {
            var problem = Results.Problem(
                detail: $"The input was flagged as prompt injection (score {verdict.Score:0.00}; reasons: {string.Join(", ", verdict.Reasons)}) and policy {policy.Reference} blocks it.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The input was refused by a guardrail.",
                type: "https://httpstatuses.io/422",
                extensions: new Dictionary<string, object?> { ["field"] = "input", ["reasons"] = verdict.Reasons, ["score"] = verdict.Score, ["policy"] = policy.Reference });
            return (null, problem);
        }

        return (new InputScreening(policy.Reference, verdict.Score, verdict.Reasons, rule.Action), null);
    }

    public static async Task<IResult> GetAsync(DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return instance is null ? ApiProblems.NotFound($"There is no run '{id}'.") : Results.Ok(InstanceView.From(instance));
    }

    public async Task<IResult> TerminateAsync(HttpRequest request, DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return ApiProblems.NotFound($"There is no run '{id}'.");
        }

        if (instance.IsCompleted)
        {
            return ApiProblems.Conflict($"Run '{id}' already ended ({instance.RuntimeStatus}).");
        }

        await client.TerminateInstanceAsync(id, new TerminateInstanceOptions { Output = $"terminated by {RequestedBy(request, pseudonyms)}" }, cancellationToken).ConfigureAwait(false);
        return Results.Accepted(RunLinks.For(request, id).StatusQueryGetUri);
    }

    /// <summary>
    /// Raises an event to a running agent run. Approval decisions only travel through signed links, never here. The payload
    /// enters orchestration history, so its string values are PII-redacted first (structure, names and numbers kept).
    /// </summary>
    public async Task<IResult> RaiseEventAsync(HttpRequest request, DurableTaskClient client, string id, string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.Equals(eventName, Orchestrations.Approvals.RequestApproval.DecisionEvent, StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Forbidden.", "Approval decisions are accepted only through their signed approval links.");
        }

        var (body, problem) = await RunningInstance.ReadBodyAsync(request, client, id, AgentCatalog.IsRunOrchestrator, $"There is no run '{id}'.",
            status => $"Run '{id}' already ended ({status}).", cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        await client.RaiseEventAsync(id, eventName, PiiJsonRedaction.Redact(redactor, body), cancellationToken).ConfigureAwait(false);
        return Results.Accepted(RunLinks.For(request, id).StatusQueryGetUri);
    }

    /// <summary>Who is asking: the App Service authentication principal when present, as its pseudonym when it is personal data (an e-mail address).</summary>
    public static string RequestedBy(HttpRequest request, PrincipalPseudonyms pseudonyms)
    {
        ArgumentNullException.ThrowIfNull(pseudonyms);
        return request?.Headers["X-MS-CLIENT-PRINCIPAL-NAME"].FirstOrDefault() is { Length: > 0 } name ? pseudonyms.Of(name) : "api-caller";
    }

    /// <summary>The run policy's approver list, each address as its pseudonym (the approval activities resolve them from configuration).</summary>
    public static IReadOnlyList<string> Pseudonyms(ApprovalOptions options, PrincipalPseudonyms pseudonyms)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pseudonyms);
        return [.. options.ResolveApprovers().Select(pseudonyms.Of)];
    }
}
