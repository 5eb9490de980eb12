using System.Text.Json;
using AiNative.Api.Http;
using AiNative.Api.Runs;
using AiNative.Orchestrations.Agents;
using AiNative.Platform.AgentPlane;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Memory;
using AiNative.Platform.Governance.Pii;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace AiNative.Api.Sessions;

/// <summary>
/// Long-running conversations with the assistant: <c>POST /api/sessions</c> starts one, <c>POST /api/sessions/{id}/messages</c>
/// sends a message (redacted before it enters history), <c>GET /api/sessions/{id}</c> reads status and memory.
/// </summary>
public sealed class SessionsHandler(IPiiRedactor redactor, IConversationMemory memory, IOptions<AgentOptions> agents, IOptions<ApprovalOptions> approvals, PrincipalPseudonyms pseudonyms)
{
    public const int MaxMessageLength = AgentRunsHandler.MaxInputLength;
    public const int DefaultMessagesShown = 50;

    public async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (agent, agentProblem) = JsonBody.OptionalString(body, "agent", 64);
        var (input, inputProblem) = JsonBody.OptionalString(body, "input", MaxMessageLength);
        if ((agentProblem ?? inputProblem) is { } invalid)
        {
            return invalid;
        }

        agent ??= AgentCatalog.Assistant;
        if (!AgentCatalog.SupportsSessions(agent))
        {
            return ApiProblems.BadRequest($"Agent '{agent}' does not hold conversations. Agents with sessions: {string.Join(", ", AgentCatalog.SessionAgents)}.", "agent");
        }

        var id = $"session-{Guid.NewGuid():N}";
        var options = agents.Value;
        var approval = approvals.Value;
        var requestedBy = AgentRunsHandler.RequestedBy(request, pseudonyms);
        var state = new SessionState(id, agent, requestedBy, new AgentRunPolicy(approval.DefaultTimeout, AgentRunsHandler.Pseudonyms(approval, pseudonyms)), options.SessionTurnsPerGeneration, options.SessionIdleTimeout);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(AgentSession), state, new StartOrchestrationOptions(id), cancellationToken).ConfigureAwait(false);
        string? messageId = null;
        if (!string.IsNullOrWhiteSpace(input))
        {
            messageId = await SendAsync(client, id, input, requestedBy, cancellationToken).ConfigureAwait(false);
        }

        var links = SessionLinks.For(request, id, messageId);
        return Results.Created(links.StatusQueryGetUri, links);
    }

    public async Task<IResult> PostMessageAsync(HttpRequest request, DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var (body, problem) = await RunningInstance.ReadBodyAsync(request, client, id, name => name == nameof(AgentSession), $"There is no session '{id}'.",
            status => $"Session '{id}' is closed ({status}); start a new one with POST /api/sessions.", cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (text, textProblem) = JsonBody.RequiredString(body, "text", MaxMessageLength);
        if (textProblem is not null)
        {
            return textProblem;
        }

        var messageId = await SendAsync(client, id, text, AgentRunsHandler.RequestedBy(request, pseudonyms), cancellationToken).ConfigureAwait(false);
        return Results.Accepted(SessionLinks.For(request, id, messageId).StatusQueryGetUri, SessionLinks.For(request, id, messageId));
    }

    public async Task<IResult> GetAsync(HttpRequest request, DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Name != nameof(AgentSession))
        {
            return ApiProblems.NotFound($"There is no session '{id}'.");
        }

        var shown = DefaultMessagesShown;
        if (request.Query.TryGetValue("messages", out var raw) && (!int.TryParse(raw, out shown) || shown is < 0 or > 1000))
        {
            return ApiProblems.BadRequest($"'messages' must be a number from 0 to 1000 ('{raw}' given).", "messages");
        }

        var progress = Read<SessionProgress>(instance.SerializedCustomStatus);
        JsonElement? turn = null;
        if (progress is { Step: SessionSteps.RunningTurn, TurnId: { } turnId }
            && await client.GetInstanceAsync(turnId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is { SerializedCustomStatus: { } turnStatus })
        {
            turn = Read<JsonElement>(turnStatus);
        }

        var session = await memory.GetSessionAsync(id, cancellationToken).ConfigureAwait(false);
        var messages = session is null || shown == 0 ? [] : await memory.ReadAsync(id, Math.Max(0, session.MessageCount - shown), cancellationToken).ConfigureAwait(false);
        return Results.Ok(new
        {
            id,
            agent = progress?.Agent,
            runtimeStatus = instance.RuntimeStatus.ToString(),
            step = progress?.Step,
            turns = progress?.Turns ?? 0,
            generation = progress?.Generation ?? 0,
            currentTurn = turn,
            lastMessageId = progress?.LastMessageId,
            memory = session is null ? null : new { session.MessageCount, session.Summary, session.SummaryThrough, session.UpdatedAt },
            messages = messages.Select(m => new { m.Sequence, m.Message.Role, m.Message.Text, tool = m.Message.ToolName, arguments = m.Message.ToolArguments, m.At }),
        });
    }

    private async Task<string> SendAsync(DurableTaskClient client, string id, string text, string from, CancellationToken cancellationToken)
    {
        // Guardrail at the edge: personal data never reaches orchestration history.
        var messageId = $"msg-{Guid.NewGuid():N}";
        await client.RaiseEventAsync(id, AgentSession.MessageEvent, new SessionMessage(messageId, redactor.Redact(text).Text, from), cancellationToken).ConfigureAwait(false);
        return messageId;
    }

    private static T? Read<T>(string? json)
    {
        if (string.IsNullOrEmpty(json) || json == "null")
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonBody.Options);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}

/// <summary>Links of a session: where to read it and where to post messages.</summary>
public sealed record SessionLinks(string Id, string StatusQueryGetUri, string MessagesPostUri, string? MessageId)
{
    public static SessionLinks For(HttpRequest request, string id, string? messageId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = $"{request.Scheme}://{request.Host}{request.PathBase}/api/sessions/{Uri.EscapeDataString(id)}";
        return new SessionLinks(id, root, root + "/messages", messageId);
    }
}
