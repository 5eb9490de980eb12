using System.Text.Json;
using AiNative.Api;
using AiNative.Orchestrations.Hosting;

namespace AiNative.Functions.Tests;

/// <summary>The published app's <c>functions.metadata</c> lists every function with its trigger and bindings.</summary>
public sealed class FunctionsMetadataTests(PublishedAppFixture app) : IClassFixture<PublishedAppFixture>
{
    [Fact]
    public void Every_orchestrator_and_activity_is_listed_with_its_durable_trigger()
    {
        foreach (var function in DurableFunctionCatalog.All)
        {
            var expected = function.Kind == DurableFunctionKind.Orchestrator ? "orchestrationTrigger" : "activityTrigger";
            Assert.Equal(expected, Trigger(function.Name).GetProperty("type").GetString());
        }
    }

    [Theory]
    [InlineData("Health", "get", ApiRoutes.Health, "anonymous")]
    [InlineData("StartAgentRun", "post", ApiRoutes.AgentRuns, "function")]
    [InlineData("GetRun", "get", ApiRoutes.Run, "function")]
    [InlineData("TerminateRun", "post", ApiRoutes.RunTerminate, "function")]
    [InlineData("RaiseRunEvent", "post", ApiRoutes.RunEvent, "function")]
    [InlineData("ShowApproval", "get", ApiRoutes.Approval, "anonymous")]
    [InlineData("DecideApproval", "post", ApiRoutes.Approval, "anonymous")]
    [InlineData("SlackInteractions", "post", ApiRoutes.SlackInteractions, "anonymous")]
    [InlineData("SubmitDocument", "post", ApiRoutes.Documents, "function")]
    [InlineData("GetDocument", "get", ApiRoutes.Document, "function")]
    [InlineData("StartEvalRun", "post", ApiRoutes.EvalRuns, "function")]
    [InlineData("GetEvalRun", "get", ApiRoutes.EvalRun, "function")]
    [InlineData("GatewayChatCompletions", "post", AiNative.Api.Gateway.GatewayRoutes.ChatCompletions, "anonymous")]
    [InlineData("GatewayEmbeddings", "post", AiNative.Api.Gateway.GatewayRoutes.Embeddings, "anonymous")]
    [InlineData("GatewayModels", "get", AiNative.Api.Gateway.GatewayRoutes.Models, "anonymous")]
    [InlineData("SearchKnowledge", "get", AiNative.Api.Search.SearchHandler.Route, "function")]
    [InlineData("StartSession", "post", ApiRoutes.Sessions, "function")]
    [InlineData("PostSessionMessage", "post", ApiRoutes.SessionMessages, "function")]
    [InlineData("GetSession", "get", ApiRoutes.Session, "function")]
    [InlineData("ListTools", "get", AiNative.Api.Tools.ToolsHandler.ToolsRoute, "function")]
    [InlineData("GetRunAudit", "get", AiNative.Api.Tools.ToolsHandler.AuditRoute, "function")]
    public void Http_functions_have_their_route_method_and_auth_level(string name, string method, string route, string authLevel)
    {
        var trigger = Trigger(name);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Contains(method, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
    }

    [Fact]
    public void Ingest_queue_trigger_reads_the_ingest_queue_and_starts_orchestrations()
    {
        var function = Function("IngestQueue");
        var trigger = Trigger("IngestQueue");

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("ingest", trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Contains(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void Nothing_is_listed_that_the_product_does_not_define()
    {
        var known = DurableFunctionCatalog.All.Select(f => f.Name)
            .Concat(["Health", "StartAgentRun", "GetRun", "TerminateRun", "RaiseRunEvent", "ShowApproval", "DecideApproval", "SlackInteractions", "SubmitDocument", "GetDocument", "StartEvalRun", "GetEvalRun", "IngestQueue", "GatewayChatCompletions", "GatewayEmbeddings", "GatewayModels", "SearchKnowledge", "ExpireKnowledge", "StartSession", "PostSessionMessage", "GetSession", "ListTools", "GetRunAudit"]);

        Assert.Equal(known.Order(StringComparer.Ordinal), app.Metadata.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Knowledge_ttl_sweep_runs_on_a_timer()
    {
        Assert.Equal("timerTrigger", Trigger("ExpireKnowledge").GetProperty("type").GetString());
    }

    [Fact]
    public void The_catalog_and_host_json_are_published()
    {
        Assert.True(File.Exists(Path.Combine(app.Folder, "host.json")));
        Assert.True(Directory.Exists(Path.Combine(app.Folder, "catalog", "prompts")));
    }

    private JsonElement Function(string name) =>
        app.Metadata.EnumerateArray().SingleOrDefault(f => f.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } f
            ? f
            : throw new Xunit.Sdk.XunitException($"functions.metadata does not list '{name}'.");

    private JsonElement Trigger(string name) =>
        Function(name).GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
}
