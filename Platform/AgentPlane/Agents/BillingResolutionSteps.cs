using System.Globalization;
using System.Text.Json;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.DataPlane.Knowledge;
using AiNative.Platform.Governance.Spotlighting;
using AiNative.Platform.ModelPlane;

namespace AiNative.Platform.AgentPlane.Agents;

/// <summary>
/// The steps of the seed's <c>billing_resolution_flow</c>, one method per step; the durable activities call
/// them and the orchestration strings them together.
/// </summary>
public sealed class BillingResolutionSteps(IModelGateway models, KnowledgeRetriever knowledge, IBillingSystem billing)
{
    public const string ExtractPrompt = "extract-ticket-info";
    public const string AnalyzePrompt = "analyze-billing-issue";

    /// <summary>Longest passage text carried into history and prompts.</summary>
    private const int PassageLimit = 700;

    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public async Task<TicketInfo> ExtractTicketInfoAsync(TicketText ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var response = await models.CompleteAsync(new ModelRequest(ExtractPrompt, new Dictionary<string, string> { ["ticket"] = ticket.Text }), cancellationToken).ConfigureAwait(false);
        var output = response.Output ?? throw new ModelCallException($"Prompt '{ExtractPrompt}' returned no JSON output.");
        return new TicketInfo(
            ticket.TicketId,
            Text(output, "customer_id"),
            Text(output, "customer_name"),
            Text(output, "incident_id"),
            Number(output, "requested_amount") is { } amount ? (decimal)amount : null,
            Text(output, "currency"),
            Number(output, "downtime_hours"),
            Text(output, "issue_summary") ?? FirstSentence(ticket.Text),
            Text(output, "issue_type") ?? "other",
            Trace(response));
    }

    public async Task<KnowledgeContext> RetrieveKnowledgeAsync(KnowledgeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hits = await knowledge.RetrieveAsync(request.Query, request.Top, request.Tenant, cancellationToken).ConfigureAwait(false);
        return new KnowledgeContext([.. hits.Select(h => new KnowledgePassage(
            h.ChunkId, h.Metadata.Source, h.Metadata.Title, h.Text.Length > PassageLimit ? h.Text[..PassageLimit] + "…" : h.Text, h.Score))]);
    }

    public async Task<BillingSnapshot> CheckBillingSystemAsync(BillingLookup lookup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var account = await billing.FindAccountAsync(lookup.CustomerId, lookup.CustomerName, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return new BillingSnapshot(false, lookup.CustomerId, lookup.CustomerName, null, null, null, [], [], null);
        }

        var incidents = account.Incidents
            .Select(i => new IncidentFact(i.IncidentId, i.Title, i.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i.DowntimeHours))
            .ToList();
        var customer = account.Customer;
        return new BillingSnapshot(
            true,
            customer.CustomerId,
            customer.Name,
            customer.Plan,
            customer.MonthlyFee,
            customer.Currency,
            incidents,
            [.. account.Refunds.Select(r => new RefundFact(r.RefundId, r.Amount, r.Currency, r.Reason, r.TicketId ?? ""))],
            incidents.FirstOrDefault(i => string.Equals(i.IncidentId, lookup.IncidentId, StringComparison.OrdinalIgnoreCase)));
    }

    public async Task<IssueAnalysis> AnalyzeIssueAsync(AnalysisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ticket = request.ReviewerFeedback is { Length: > 0 } feedback
            ? $"{request.TicketText}\n\nThe approver asked for more information: {feedback}"
            : request.TicketText;
        var variables = new Dictionary<string, string>
        {
            ["ticket"] = ticket,
            ["ticket_info"] = JsonSerializer.Serialize(
                new { request.Ticket.CustomerId, request.Ticket.CustomerName, request.Ticket.IncidentId, request.Ticket.RequestedAmount, request.Ticket.Currency, request.Ticket.DowntimeHours, request.Ticket.IssueType, request.Ticket.Summary },
                Compact),
            // Retrieved passages are untrusted: spotlighted so instructions hidden in them read as data (the prompt explains the marking).
            ["knowledge"] = string.Join("\n\n", request.Knowledge.Passages.Select(p => Spotlighter.Mark(p.Text, p.Title ?? p.Source))),
            ["billing"] = JsonSerializer.Serialize(request.Billing, Compact),
        };
        var response = await models.CompleteAsync(new ModelRequest(AnalyzePrompt, variables), cancellationToken).ConfigureAwait(false);
        var output = response.Output ?? throw new ModelCallException($"Prompt '{AnalyzePrompt}' returned no JSON output.");
        var decision = Text(output, "decision") ?? AnalysisDecisions.Escalate;
        var amount = (decimal)Math.Max(0, Number(output, "refund_amount") ?? 0);
        if (!request.Billing.Found && decision == AnalysisDecisions.Refund)
        {
            // No account to refund: a person has to look at it whatever the model says.
            decision = AnalysisDecisions.Escalate;
        }

        var rationale = Text(output, "rationale") ?? "";
        if (request.Ticket.RequestedAmount is { } requested && amount > requested)
        {
            // Output guardrail: an agent never pays more than the customer asked for, whatever the model says.
            rationale = FormattableString.Invariant($"{rationale} (Model proposed {amount:0.00}; capped at the requested {requested:0.00}.)").Trim();
            amount = requested;
        }

        return new IssueAnalysis(
            decision,
            decimal.Round(amount, 2),
            Text(output, "reason") ?? "goodwill",
            Math.Clamp(Number(output, "confidence") ?? 0, 0, 1),
            rationale,
            Trace(response));
    }

    public Task<RefundReceipt> ExecuteResolutionAsync(ResolutionCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return billing.IssueRefundAsync(
            new RefundCommand(command.IdempotencyKey, command.CustomerId, command.Amount, command.Currency, command.Reason, command.TicketId, command.ApprovedBy ?? "auto-policy"),
            cancellationToken);
    }

    public Task<TicketRecord> UpdateTicketAsync(TicketChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return billing.UpsertTicketAsync(
            new TicketUpdate(change.TicketId, change.CustomerId, change.Status, change.Summary, change.Resolution, change.RefundId),
            cancellationToken);
    }

    private static ModelTrace Trace(ModelResponse response) =>
        new(response.Model, response.PromptId, response.PromptVersion, response.InputTokens, response.OutputTokens,
            response.Cost, response.Routing?.Reason, response.Routing?.Tried);

    private static string? Text(JsonElement output, string property) =>
        output.ValueKind == JsonValueKind.Object && output.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text ? text : null;

    private static double? Number(JsonElement output, string property) =>
        output.ValueKind == JsonValueKind.Object && output.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble() : null;

    private static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['.', '\n', '!', '?']);
        return (end > 0 ? text[..end] : text).Trim();
    }
}
