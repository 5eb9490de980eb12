using System.Globalization;
using AiNative.Activities.Agents;
using AiNative.Orchestrations.Approvals;
using AiNative.Platform.AgentPlane.Agents;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Platform.AgentPlane.Tools.Handlers;
using AiNative.Platform.ModelPlane.Local;
using AiNative.Orchestrations.Tools;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Agents;

/// <summary>The seed's <c>billing_resolution_flow</c>: each line one step, approval when the analysis is unsure or large.</summary>
internal static class BillingResolutionFlow
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    public static async Task<AgentRunResult> RunAsync(TaskOrchestrationContext context, AgentRunRequest run)
    {
        var tools = new DurableTools(context, new ToolCaller(run.RequestedBy, run.Agent, AgentCatalog.PermissionsOf(run.Agent)), context.InstanceId);
        try
        {
            return await RunStepsAsync(context, run, tools);
        }
        catch (Exception e) when (e is TaskFailedException or ToolCallFailedException && tools.SideEffects.Count > 0)
        {
            // Saga: the run cannot finish, so what it already did (the refund) is reversed, newest first, before it fails.
            Step(context, run, "compensating");
            await tools.CompensateAsync();
            throw;
        }
    }

    private static async Task<AgentRunResult> RunStepsAsync(TaskOrchestrationContext context, AgentRunRequest run, DurableTools tools)
    {
        var ticketId = context.InstanceId;
        var models = new List<ModelTrace>();

        Step(context, run, "extract_ticket_info");
        var ticket = await context.CallActivityAsync<TicketInfo>(nameof(ExtractTicketInfo), new TicketText(ticketId, run.Input), Retry);
        models.Add(ticket.Model);

        Step(context, run, "retrieve_knowledge");
        var knowledge = await context.CallActivityAsync<KnowledgeContext>(nameof(RetrieveKnowledge), new KnowledgeRequest($"{ticket.IssueType} {ticket.Summary}", null, 3), Retry);

        Step(context, run, "check_billing_system");
        var billing = await tools.CallAsync<BillingSnapshot>(BillingTools.CheckBillingSystem, new BillingLookup(ticket.CustomerId, ticket.CustomerName, ticket.IncidentId));

        string? feedback = null;
        ApprovalOutcome? approval = null;
        var rounds = 0;
        for (var attempt = 0; attempt <= run.Policy.MaxInfoRequests; attempt++)
        {
            Step(context, run, "analyze_issue");
            var analysis = await context.CallActivityAsync<IssueAnalysis>(nameof(AnalyzeIssue), new AnalysisRequest(ticketId, run.Input, ticket, knowledge, billing, feedback), Retry);
            models.Add(analysis.Model);

            if (analysis.Decision != AnalysisDecisions.Refund || analysis.RefundAmount <= 0)
            {
                var outcome = analysis.Decision == AnalysisDecisions.NoRefund ? AgentOutcomes.NoRefund : AgentOutcomes.Escalated;
                return await CloseAsync(context, tools, run, ticket, billing, outcome, analysis.Rationale, null, approval, rounds, models);
            }

            if (analysis.Confidence >= run.Policy.MinConfidence && analysis.RefundAmount <= run.Policy.MaxAutoRefund && !NeedsReview(run.Policy, analysis))
            {
                return await ResolveAsync(context, tools, run, ticket, billing, analysis, approval, rounds, models);
            }

            rounds++;
            var request = ApprovalRequestFor(context, run, ticket, billing, analysis, rounds);
            context.SetCustomStatus(new AgentProgress(run.Agent, "awaiting_approval", request.ApprovalId));
            await tools.CallAsync<TicketRecord>(BillingTools.UpdateTicket, new TicketChange(ticketId, billing.CustomerId, TicketStatuses.PendingApproval, ticket.Summary, null, null));
            approval = await context.CallSubOrchestratorAsync<ApprovalOutcome>(nameof(RequestApproval), request, new SubOrchestrationOptions { InstanceId = request.ApprovalId });

            switch (approval.Decision)
            {
                case ApprovalDecisions.Approve:
                    return await ResolveAsync(context, tools, run, ticket, billing, analysis, approval, rounds, models);
                case ApprovalDecisions.RequestInfo when attempt < run.Policy.MaxInfoRequests:
                    feedback = approval.Comment ?? "more information requested";
                    continue;
                default:
                    var outcome = approval.Decision == ApprovalDecisions.TimedOut ? AgentOutcomes.TimedOut : AgentOutcomes.Rejected;
                    var why = approval.Decision switch
                    {
                        ApprovalDecisions.TimedOut => "No approver answered before the request expired; denied by default.",
                        ApprovalDecisions.RequestInfo => $"Approvers asked for more information more than {run.Policy.MaxInfoRequests} times; denied.",
                        _ => $"Refund rejected by {approval.DecidedBy}" + (approval.Comment is { } c ? $": {c}" : "."),
                    };
                    return await CloseAsync(context, tools, run, ticket, billing, outcome, why, null, approval, rounds, models);
            }
        }

        throw new System.Diagnostics.UnreachableException("The last analysis round always ends the run.");
    }

    /// <summary>The offline extractive provider measures evidence, not judgement: its refunds always go to a person, as do runs whose input the injection guardrail flagged for approval.</summary>
    private static bool NeedsReview(AgentRunPolicy policy, IssueAnalysis analysis) =>
        (policy.ReviewFallbackModelDecisions && analysis.Model.Model == LocalChatClient.ModelId) || policy.InputScreening is { RequiresApproval: true };

    private static async Task<AgentRunResult> ResolveAsync(
        TaskOrchestrationContext context, DurableTools tools, AgentRunRequest run, TicketInfo ticket, BillingSnapshot billing, IssueAnalysis analysis,
        ApprovalOutcome? approval, int rounds, List<ModelTrace> models)
    {
        Step(context, run, "execute_resolution");
        var currency = billing.Currency ?? ticket.Currency ?? "USD";
        var refund = await tools.CallAsync<RefundReceipt>(
            BillingTools.RefundCustomer,
            new RefundCustomerHandler.RefundArguments(billing.CustomerId!, analysis.RefundAmount, analysis.Reason, currency, context.InstanceId, approval?.DecidedBy ?? "auto-policy"));
        var summary = $"Refunded {Money(refund.Amount, refund.Currency)} to {billing.CustomerName} ({billing.CustomerId}): {analysis.Rationale}".Trim();
        return await CloseAsync(context, tools, run, ticket, billing, AgentOutcomes.Resolved, summary, refund, approval, rounds, models);
    }

    private static async Task<AgentRunResult> CloseAsync(
        TaskOrchestrationContext context, DurableTools tools, AgentRunRequest run, TicketInfo ticket, BillingSnapshot billing, string outcome, string summary,
        RefundReceipt? refund, ApprovalOutcome? approval, int rounds, List<ModelTrace> models)
    {
        Step(context, run, "update_ticket");
        var status = outcome switch
        {
            AgentOutcomes.Resolved or AgentOutcomes.NoRefund => TicketStatuses.Resolved,
            AgentOutcomes.Escalated => TicketStatuses.Escalated,
            _ => TicketStatuses.Rejected,
        };
        await tools.CallAsync<TicketRecord>(BillingTools.UpdateTicket, new TicketChange(context.InstanceId, billing.CustomerId ?? ticket.CustomerId, status, ticket.Summary, summary, refund?.RefundId));
        Step(context, run, "completed");
        return new AgentRunResult(
            run.Agent, outcome, context.InstanceId, summary, refund?.RefundId, refund?.Amount, refund?.Currency,
            rounds > 0, approval?.Decision, approval?.DecidedBy, rounds, models);
    }

    private static ApprovalRequest ApprovalRequestFor(TaskOrchestrationContext context, AgentRunRequest run, TicketInfo ticket, BillingSnapshot billing, IssueAnalysis analysis, int round)
    {
        var currency = billing.Currency ?? ticket.Currency ?? "USD";
        var incident = billing.ReportedIncident;
        var evidence = incident is not null
            ? $"Incident {incident.IncidentId} confirms the outage: {incident.Title} on {incident.Date}, {incident.DowntimeHours.ToString(CultureInfo.InvariantCulture)} hours."
            : ticket.IncidentId is { } id ? $"Incident {id} was cited but is not recorded for this customer." : "No incident was cited.";
        var why = run.Policy.InputScreening is { RequiresApproval: true } screening ? screening.Describe()
            : analysis.Confidence < run.Policy.MinConfidence
            ? $"confidence {analysis.Confidence.ToString("0.00", CultureInfo.InvariantCulture)} is below {run.Policy.MinConfidence.ToString("0.00", CultureInfo.InvariantCulture)}"
            : $"amount is over the auto-approval limit of {Money(run.Policy.MaxAutoRefund, currency)}";
        return new ApprovalRequest(
            ApprovalId: $"{context.InstanceId}-approval-{round}",
            InstanceId: $"{context.InstanceId}-approval-{round}",
            RunId: context.InstanceId,
            Agent: run.Agent,
            Action: new ApprovalAction("refund", $"Process refund of {Money(analysis.RefundAmount, currency)}", billing.CustomerId, billing.CustomerName, analysis.RefundAmount, currency),
            Reason: $"{(incident is not null ? $"{incident.Title} on {incident.Date}" : ticket.Summary)} ({analysis.Reason}); approval needed because {why}.",
            Context: ticket.DowntimeHours is { } hours
                ? $"Customer experienced {hours.ToString(CultureInfo.InvariantCulture)} hours of downtime. {analysis.Rationale}".Trim()
                : analysis.Rationale,
            Evidence: evidence,
            Approvers: run.Policy.Approvers,
            ExpiresAt: context.CurrentUtcDateTime.Add(run.Policy.ApprovalTimeout),
            Round: round,
            RequestedBy: run.RequestedBy);
    }

    private static void Step(TaskOrchestrationContext context, AgentRunRequest run, string step) =>
        context.SetCustomStatus(new AgentProgress(run.Agent, step));

    private static string Money(decimal amount, string currency) =>
        currency == "USD" ? amount.ToString("$0.00", CultureInfo.InvariantCulture) : $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency}";
}
