using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Resilience;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Platform.Tests.ModelPlane.Gateway;

/// <summary>Retries, fallbacks and circuit breakers against a loopback server speaking the OpenAI and Azure OpenAI wire formats.</summary>
public sealed class GatewayResilienceTests
{
    private static readonly Dictionary<string, string?> NoCache = new() { ["Gateway:CacheEnabled"] = "false" };

    private static RoutingDecision Decision(ChatResponse response) =>
        Assert.IsType<RoutingDecision>(response.AdditionalProperties?[GatewayProperties.Decision]);

    [Fact]
    public async Task Answer_carries_the_routing_decision_and_the_cost()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "Refunds take five days.";
        await using var host = GatewayTestHost.Start(server, settings: NoCache);

        var response = await host.Chat.GetResponseAsync("How long do refunds take?");

        Assert.Equal("Refunds take five days.", response.Text);
        Assert.Equal(new RoutingDecision("primary", "default", []), Decision(response) with { Tried = [] });
        Assert.Empty(Decision(response).Tried);
        Assert.Equal((321 * 0.001m) + (54 * 0.002m), response.AdditionalProperties![GatewayProperties.Cost]);
        Assert.Equal("Bearer primary-key", server.Requests.Single().Authorization);
    }

    [Fact]
    public async Task Retry_waits_for_the_servers_retry_after_then_succeeds_on_the_same_model()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "ok";
        server.Script("primary", ServerBehaviour.TooManyRequests(retryAfter: "5"));
        await using var host = GatewayTestHost.Start(server, settings: NoCache);

        var call = host.Chat.GetResponseAsync("hello");
        await server.ChatReceived.WaitAsync(TimeSpan.FromSeconds(30));
        // Advance the clock a second at a time until the retry arrives: however late the client scheduled its wait
        // (the machine may be loaded), the retry must not come before the 5 s the server asked for.
        var advanced = TimeSpan.Zero;
        while (server.CallsTo("primary") < 2 && advanced < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
            if (server.CallsTo("primary") >= 2)
            {
                break;
            }

            host.Time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
        }

        var response = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(advanced >= TimeSpan.FromSeconds(5), $"retried after only {advanced.TotalSeconds} s of the 5 s Retry-After");
        Assert.Equal(2, server.CallsTo("primary"));
        Assert.Equal("primary", Decision(response).Model);
        Assert.Empty(Decision(response).Tried);
    }

    [Fact]
    public async Task Long_retry_after_falls_back_at_once_to_the_azure_deployment()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "from azure";
        server.Script("primary", ServerBehaviour.TooManyRequests(retryAfter: "120"));
        await using var host = GatewayTestHost.Start(server, settings: NoCache);

        var response = await host.Chat.GetResponseAsync("hello");

        Assert.Equal("from azure", response.Text);
        Assert.Equal(1, server.CallsTo("primary"));
        Assert.Equal(1, server.CallsTo("secondary-deployment"));
        Assert.Equal(["primary: rate limited (429)"], Decision(response).Tried);
        Assert.Equal("secondary", Decision(response).Model);
        Assert.Equal("azure-key", server.RequestDetails.Last().ApiKey);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_then_fall_back()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Script("primary", ServerBehaviour.ServerError(), ServerBehaviour.ServerError(), ServerBehaviour.ServerError());
        await using var host = GatewayTestHost.Start(server, settings: NoCache);

        var response = await host.DriveAsync(host.Chat.GetResponseAsync("hello"), TimeSpan.FromSeconds(1));

        Assert.Equal(3, server.CallsTo("primary"));
        Assert.Equal(["primary: server error (5xx)"], Decision(response).Tried);
        Assert.Equal("secondary", Decision(response).Model);
    }

    [Fact]
    public async Task Content_filter_refusal_falls_back_without_retrying()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Script("primary", ServerBehaviour.Filtered());
        await using var host = GatewayTestHost.Start(server, settings: NoCache);

        var response = await host.Chat.GetResponseAsync("hello");

        Assert.Equal(1, server.CallsTo("primary"));
        Assert.Equal(["primary: content filter"], Decision(response).Tried);
    }

    [Fact]
    public async Task Slow_model_times_out_and_the_call_falls_back()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Script("primary", ServerBehaviour.Slow(), ServerBehaviour.Slow(), ServerBehaviour.Slow());
        await using var host = GatewayTestHost.Start(server, settings: new(NoCache) { ["Gateway:Resilience:MaxRetries"] = "0", ["Gateway:Resilience:MinimumTimeout"] = "00:00:10" });

        var call = host.Chat.GetResponseAsync("hello");
        await server.ChatReceived.WaitAsync(TimeSpan.FromSeconds(30));
        host.Time.Advance(TimeSpan.FromSeconds(11));
        var response = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["primary: timed out"], Decision(response).Tried);
        Assert.Equal("secondary", Decision(response).Model);
    }

    [Fact]
    public async Task Every_model_failing_raises_model_unavailable_with_what_was_tried()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Script("primary", ServerBehaviour.TooManyRequests("600"));
        server.Script("secondary-deployment", ServerBehaviour.TooManyRequests("300"));
        await using var host = GatewayTestHost.Start(server, settings: NoCache);

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => host.Chat.GetResponseAsync("hello"));

        Assert.Equal(["primary: rate limited (429)", "secondary: rate limited (429)"], error.Tried);
        Assert.Equal(ModelFailureKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(300), error.RetryAfter);
    }

    [Fact]
    public async Task Breaker_opens_above_ten_percent_errors_then_half_opens_after_the_cooldown_and_closes()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "fine";
        await using var host = GatewayTestHost.Start(server, settings: new(NoCache) { ["Gateway:Resilience:MaxRetries"] = "0" });
        for (var i = 0; i < 9; i++)
        {
            await host.Chat.GetResponseAsync($"warm {i}");
        }

        server.Script("primary", ServerBehaviour.ServerError(), ServerBehaviour.ServerError());
        await host.Chat.GetResponseAsync("fails once");
        var breaker = host.Services.GetRequiredService<ModelClientPool>().Breakers.Single(b => b.Model == "primary");
        var stateAfterOneFailure = breaker.State;
        await host.Chat.GetResponseAsync("fails twice");
        var stateAfterTwoFailures = breaker.State;
        var whileOpen = await host.Chat.GetResponseAsync("while open");
        var callsWhileOpen = server.CallsTo("primary");
        host.Time.Advance(TimeSpan.FromMinutes(15));
        var halfOpen = breaker.State;
        var trial = await host.Chat.GetResponseAsync("trial");

        Assert.Equal(CircuitState.Closed, stateAfterOneFailure);
        Assert.Equal(CircuitState.Open, stateAfterTwoFailures);
        Assert.Equal(["primary: circuit open"], Decision(whileOpen).Tried);
        Assert.Equal(11, callsWhileOpen);
        Assert.Equal(CircuitState.HalfOpen, halfOpen);
        Assert.Equal("primary", Decision(trial).Model);
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public async Task Failed_half_open_trial_reopens_the_breaker()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        await using var host = GatewayTestHost.Start(server, settings: new(NoCache)
        {
            ["Gateway:Resilience:MaxRetries"] = "0",
            ["Gateway:Resilience:BreakerMinimumCalls"] = "1",
            ["Gateway:Resilience:BreakerCooldown"] = "00:01:00",
        });
        server.Script("primary", ServerBehaviour.ServerError(), ServerBehaviour.ServerError());
        await host.Chat.GetResponseAsync("opens");
        host.Time.Advance(TimeSpan.FromMinutes(1));

        var trial = await host.Chat.GetResponseAsync("trial fails");
        var breaker = host.Services.GetRequiredService<ModelClientPool>().Breakers.Single(b => b.Model == "primary");

        Assert.Equal(["primary: server error (5xx)"], Decision(trial).Tried);
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal(TimeSpan.FromMinutes(1), breaker.RetryAfter);
    }

    [Fact]
    public async Task Streaming_passes_chunks_through_and_falls_back_before_the_first_chunk()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "one two three four five six";
        server.Script("primary", ServerBehaviour.ServerError());
        await using var host = GatewayTestHost.Start(server, settings: new(NoCache) { ["Gateway:Resilience:MaxRetries"] = "0" });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in host.Chat.GetStreamingResponseAsync("stream please"))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) >= 3);
        Assert.Equal("one two three four five six", string.Concat(updates.Select(u => u.Text)));
        var decision = updates.Select(u => u.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Decision)).OfType<RoutingDecision>().Single();
        Assert.Equal("secondary", decision.Model);
        Assert.Equal(["primary: server error (5xx)"], decision.Tried);
    }

    [Fact]
    public async Task Model_gateway_returns_the_routing_decision_for_orchestration_history()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "Card refunds take 5 business days.";
        server.Script("primary", ServerBehaviour.Filtered());
        await using var host = GatewayTestHost.Start(server, settings: NoCache);

        var response = await host.Gateway.CompleteAsync(new ModelRequest(
            "answer-question",
            new Dictionary<string, string> { ["question"] = "How long?", ["context"] = "Card refunds take 5 business days." },
            Tenant: "acme",
            Routing: new RoutingHints(Compliance: ["gdpr"], Region: "eu-west")));

        Assert.Equal("secondary", response.Routing?.Model);
        Assert.Equal(["primary: content filter"], response.Routing?.Tried);
        Assert.Equal((321 * 0.0001m) + (54 * 0.0002m), response.Cost);
    }
}
