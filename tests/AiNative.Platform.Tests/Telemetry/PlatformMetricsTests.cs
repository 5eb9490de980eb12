using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.DataPlane.Knowledge;
using AiNative.Platform.Evals;
using AiNative.Platform.ModelPlane.Embeddings;
using AiNative.Platform.Telemetry;
using AiNative.Platform.Tests.AgentPlane;
using AiNative.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.Telemetry;

/// <summary>The metrics the workbook charts, captured in memory from the real components that emit them.</summary>
public sealed class PlatformMetricsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_rejected_approval_records_its_time_to_decision_and_a_refused_tool_call()
    {
        using var metrics = new MetricCapture();
        var time = new FakeTimeProvider(ApprovalSamples.Now);
        var store = new InstrumentedApprovalStore(new TableApprovalStore(azurite.Account, time, NullLogger<TableApprovalStore>.Instance));
        var agent = "agent-" + Guid.NewGuid().ToString("N")[..8];
        var request = ApprovalSamples.Refund() with { Agent = agent };
        await store.CreateAsync(request);

        time.Advance(TimeSpan.FromSeconds(90));
        var result = await store.TryDecideAsync(request.ApprovalId, ApprovalTokenService.ActionHash(request), new ApprovalDecision(ApprovalDecisions.Reject, "no", "lead@example.com", time.GetUtcNow()));
        await store.TryDecideAsync(request.ApprovalId, ApprovalTokenService.ActionHash(request), new ApprovalDecision(ApprovalDecisions.Approve, null, "late@example.com", time.GetUtcNow()));

        Assert.Equal(ApprovalDecideOutcome.Decided, result.Outcome);
        var decisionTime = Assert.Single(metrics.Of("ainative.approvals.decision_time", ("gen_ai.agent.name", agent)));
        Assert.Equal(90, decisionTime.Value, precision: 3);
        Assert.Equal("s", decisionTime.Unit);
        Assert.Equal(ApprovalStatuses.Rejected, decisionTime.Tags["ainative.approval.outcome"]);
        var refusal = Assert.Single(metrics.Of("ainative.tool.refusals", ("gen_ai.agent.name", agent)));
        Assert.Equal(request.Action.Kind, refusal.Tags["gen_ai.tool.name"]);
        Assert.Equal(ApprovalStatuses.Rejected, refusal.Tags["ainative.refusal.reason"]);
    }

    [Fact]
    public async Task An_approved_approval_is_not_a_refusal()
    {
        using var metrics = new MetricCapture();
        var time = new FakeTimeProvider(ApprovalSamples.Now);
        var store = new InstrumentedApprovalStore(new TableApprovalStore(azurite.Account, time, NullLogger<TableApprovalStore>.Instance));
        var agent = "agent-" + Guid.NewGuid().ToString("N")[..8];
        var request = ApprovalSamples.Refund() with { Agent = agent };
        await store.CreateAsync(request);

        await store.TryDecideAsync(request.ApprovalId, ApprovalTokenService.ActionHash(request), new ApprovalDecision(ApprovalDecisions.Approve, null, "lead@example.com", time.GetUtcNow()));

        Assert.Single(metrics.Of("ainative.approvals.decision_time", ("gen_ai.agent.name", agent), ("ainative.approval.outcome", ApprovalStatuses.Approved)));
        Assert.Empty(metrics.Of("ainative.tool.refusals", ("gen_ai.agent.name", agent)));
    }

    [Fact]
    public void A_tool_that_refuses_the_request_counts_as_a_refusal_not_an_error()
    {
        using var metrics = new MetricCapture();
        var tool = "tool-" + Guid.NewGuid().ToString("N")[..8];

        using (var scope = DurableSpans.StartActivityExecution("ExecuteResolution", "run-metrics", new ActivitySpanInfo(ActivitySpanKind.ExecuteTool, tool)))
        {
            scope.Fail(new BillingException("unknown customer"));
        }

        var refusal = Assert.Single(metrics.Of("ainative.tool.refusals", ("gen_ai.tool.name", tool)));
        Assert.Equal("invalid-request", refusal.Tags["ainative.refusal.reason"]);
        Assert.Single(metrics.Of("ainative.tool.calls", ("gen_ai.tool.name", tool), ("ainative.tool.outcome", "refused")));
    }

    [Fact]
    public async Task Retrieval_records_hit_count_and_top_score()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ainative-retrieval-metrics-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var metrics = new MetricCapture();
            using var store = new SqliteKnowledgeStore(Path.Combine(directory, "knowledge.db"));
            using var model = new MiniLmEmbeddingGenerator();
            string[] texts = ["Refunds for outages are 10% of the monthly fee per hour down.", "Invoices are sent on the first day of the month."];
            var vectors = await model.GenerateAsync(texts);
            await store.UpsertChunksAsync([.. texts.Select((text, i) => new KnowledgeChunk($"m-{i}#0", $"m-{i}", 0, text, vectors[i].Vector.ToArray(),
                new ChunkMetadata("kb/metrics.md", null, null, ApprovalSamples.Now, 0.9, "pii-regex/1.0.0", "recursive/1000/100", "m", [])))]);
            var retriever = new KnowledgeRetriever(store, model, Options.Create(new KnowledgeOptions()), TimeProvider.System);

            var hits = await retriever.RetrieveAsync("refund for an outage", 2, tenant: null);

            Assert.NotEmpty(hits);
            var top = hits.Max(h => h.Score);
            Assert.Contains(metrics.Of("ainative.retrieval.top_score"), m => m.Value == top);
            Assert.Contains(metrics.Of("ainative.retrieval.hits", ("ainative.retrieval.suspicious", false)), m => m.Value == hits.Count);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Eval_results_record_the_case_score_and_each_metric_per_suite()
    {
        using var metrics = new MetricCapture();
        var suite = "suite-" + Guid.NewGuid().ToString("N")[..8];
        var result = new EvalCaseResult(suite, "1.0.0", "case-1", true, 0.75,
            [new EvalScore("exact_match", "customer_id", "exact", 1, true), new EvalScore("numeric_tolerance", "requested_amount", "numeric", 0.5, false)],
            "local-extractive", "extract-ticket-info@1", 10, 5, 12);

        EvalsTelemetry.Record(null, result);

        Assert.Equal(0.75, Assert.Single(metrics.Of("ainative.eval.case.score", ("ainative.eval.suite", suite))).Value);
        var exact = Assert.Single(metrics.Of("ainative.eval.metric.score", ("ainative.eval.suite", suite), ("ainative.eval.metric", "exact_match")));
        Assert.Equal(1, exact.Value);
        Assert.Equal("customer_id", exact.Tags["ainative.eval.field"]);
        Assert.Equal(0.5, Assert.Single(metrics.Of("ainative.eval.metric.score", ("ainative.eval.suite", suite), ("ainative.eval.metric", "numeric_tolerance"))).Value);
    }
}
