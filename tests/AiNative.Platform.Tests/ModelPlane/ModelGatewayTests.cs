using System.Text.Json;
using AiNative.Platform.Governance.Gateway;
using AiNative.Platform.Governance.Policies;
using AiNative.Platform.ModelPlane;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiNative.Platform.Tests.ModelPlane;

public sealed class ModelGatewayTests
{
    private const string ValidTicketInfo = """
        {"customer_id":"C881","customer_name":"Lumen Labs","incident_id":null,"requested_amount":42.5,"currency":"EUR",
         "downtime_hours":null,"issue_summary":"Charged twice in April.","issue_type":"duplicate_charge"}
        """;

    private static readonly Dictionary<string, string> Ticket = new() { ["ticket"] = "Lumen Labs (C881) was charged twice in April: refund €42.50." };

    private static readonly PolicyRegistry Policies = PolicyRegistry.LoadFromDirectory(Path.Combine(ModelPlaneTestSupport.FindCatalog(), "policies"));

    /// <summary>The gateway over the guardrails stage, which validates output schemas and re-asks (as in the real pipeline).</summary>
    private static ModelGateway Gateway(IChatClient client) =>
        new(new GuardrailsChatClient(client, Policies), ModelPlaneTestSupport.Prompts, ModelPlaneTestSupport.Tokens, NullLogger<ModelGateway>.Instance);

    [Fact]
    public async Task Reasks_with_the_errors_after_invalid_json_and_returns_the_valid_answer()
    {
        var client = new ScriptedChatClient("Sure! Here is the data: {customer_id: C881", ValidTicketInfo);

        var response = await Gateway(client).CompleteAsync(new ModelRequest("extract-ticket-info", Ticket));

        Assert.Equal(2, client.Calls.Count);
        var reask = client.Calls[1].Messages;
        Assert.Equal(ChatRole.Assistant, reask[^2].Role);
        Assert.Equal(ChatRole.User, reask[^1].Role);
        Assert.Contains("not valid JSON", reask[^1].Text, StringComparison.Ordinal);
        Assert.Equal("C881", response.Output!.Value.GetProperty("customer_id").GetString());
        Assert.Equal("scripted-model", response.Model);
        Assert.Equal(("extract-ticket-info", "1.1.0"), (response.PromptId, response.PromptVersion));
        Assert.Equal((200, 20), (response.InputTokens, response.OutputTokens));
    }

    [Fact]
    public async Task Sends_schema_violations_back_and_accepts_a_fenced_correction()
    {
        var wrongPattern = ValidTicketInfo.Replace("\"C881\"", "\"customer 881\"", StringComparison.Ordinal).Replace("\"EUR\"", "\"euro\"", StringComparison.Ordinal);
        var client = new ScriptedChatClient(wrongPattern, "```json\n" + ValidTicketInfo + "\n```");

        var response = await Gateway(client).CompleteAsync(new ModelRequest("extract-ticket-info", Ticket));

        var reask = client.Calls[1].Messages[^1].Text;
        Assert.Contains("/customer_id", reask, StringComparison.Ordinal);
        Assert.Contains("/currency", reask, StringComparison.Ordinal);
        Assert.Equal(42.5m, response.Output!.Value.GetProperty("requested_amount").GetDecimal());
    }

    [Fact]
    public async Task Throws_model_call_exception_with_the_errors_after_the_policys_reasks()
    {
        var client = new ScriptedChatClient("""{"customer_id":"nope"}""");

        var error = await Assert.ThrowsAsync<ModelCallException>(() => Gateway(client).CompleteAsync(new ModelRequest("extract-ticket-info", Ticket)));

        Assert.Equal(1 + Policies.Default.Output.MaxReasks, client.Calls.Count);
        Assert.Contains(error.Errors, e => e.StartsWith("/customer_id", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("(root)", StringComparison.Ordinal) && e.Contains("issue_type", StringComparison.Ordinal));
        Assert.Contains("extract-ticket-info", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validates_once_in_the_guardrails_stage_and_without_it_fails_clearly_instead_of_re_asking()
    {
        var client = new ScriptedChatClient("Sure! Here is the data: {customer_id: C881", ValidTicketInfo);
        var bare = new ModelGateway(client, ModelPlaneTestSupport.Prompts, ModelPlaneTestSupport.Tokens, NullLogger<ModelGateway>.Instance);

        var error = await Assert.ThrowsAsync<ModelCallException>(() => bare.CompleteAsync(new ModelRequest("extract-ticket-info", Ticket)));

        Assert.Single(client.Calls);
        Assert.Contains("not JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("guardrails stage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passes_schema_and_sampling_settings_to_the_chat_client()
    {
        var client = new ScriptedChatClient(ValidTicketInfo);

        var response = await Gateway(client).CompleteAsync(new ModelRequest("extract-ticket-info", Ticket, Tenant: "contoso"));

        var (messages, options) = Assert.Single(client.Calls); // valid the first time: no re-ask
        Assert.Equal("C881", response.Output!.Value.GetProperty("customer_id").GetString());
        var format = Assert.IsType<ChatResponseFormatJson>(options!.ResponseFormat);
        Assert.Equal("^INC-\\d+$", format.Schema!.Value.GetProperty("properties").GetProperty("incident_id").GetProperty("pattern").GetString());
        Assert.Equal("extract-ticket-info", format.SchemaName);
        Assert.Equal(0f, options.Temperature);
        Assert.Equal(400, options.MaxOutputTokens);
        Assert.Equal("contoso", options.AdditionalProperties![ModelGateway.TenantProperty]);
        Assert.Equal([ChatRole.System, ChatRole.User], messages.Select(m => m.Role));
        Assert.Contains(Ticket["ticket"], messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Returns_plain_text_without_parsing_for_prompts_without_schema()
    {
        var client = new ScriptedChatClient("Refunds take five days.");

        var response = await Gateway(client).CompleteAsync(new ModelRequest("answer-question", new Dictionary<string, string> { ["question"] = "How long?", ["context"] = "Refunds take five days." }));

        Assert.Null(response.Output);
        Assert.Equal("Refunds take five days.", response.Text);
        Assert.IsType<ChatResponseFormatText>(client.Calls[0].Options!.ResponseFormat);
    }

    [Fact]
    public async Task Wraps_provider_failures_in_model_call_exception()
    {
        var gateway = Gateway(new FailingChatClient());

        var error = await Assert.ThrowsAsync<ModelCallException>(() => gateway.CompleteAsync(new ModelRequest("extract-ticket-info", Ticket)));

        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Fails_with_the_missing_variable_before_calling_the_model()
    {
        var client = new ScriptedChatClient(ValidTicketInfo);

        var error = await Assert.ThrowsAsync<AiNative.Platform.ModelPlane.Prompts.PromptRenderException>(
            () => Gateway(client).CompleteAsync(new ModelRequest("analyze-billing-issue", Ticket)));

        Assert.Equal(["ticket_info", "knowledge", "billing"], error.MissingVariables);
        Assert.Empty(client.Calls);
    }

    [Fact]
    public async Task Local_provider_answers_the_billing_analysis_with_schema_valid_json()
    {
        var gateway = Gateway(ModelPlaneTestSupport.CreateLocalClient());
        var variables = new Dictionary<string, string>
        {
            ["ticket"] = "Orbit Foods (customer C5150) lost access for 3 hours during incident INC-3303 and asks for a $60 credit.",
            ["ticket_info"] = """{"customer_id":"C5150","incident_id":"INC-3303","requested_amount":60,"currency":"USD","downtime_hours":3,"issue_type":"service_outage"}""",
            ["knowledge"] = "Service credits: outages longer than 2 hours are refunded at 10% of the monthly fee per hour of downtime. Credits above $100 need approval.",
            ["billing"] = """{"plan":"Business","monthly_fee":200,"currency":"USD","incidents":["INC-3303"],"previous_refunds":[]}""",
        };

        var response = await gateway.CompleteAsync(new ModelRequest("analyze-billing-issue", variables));

        var output = response.Output!.Value;
        Assert.Contains(output.GetProperty("decision").GetString(), (string[])["refund", "no_refund", "escalate"]);
        Assert.Contains(output.GetProperty("reason").GetString(), (string[])["billing_error", "service_issue", "goodwill"]);
        Assert.InRange(output.GetProperty("confidence").GetDouble(), 0, 1);
        Assert.True(output.GetProperty("refund_amount").GetDecimal() >= 0);
        Assert.Equal("local-extractive", response.Model);
        Assert.True(response.InputTokens > 100);
    }

    private sealed class FailingChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("connection refused");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
