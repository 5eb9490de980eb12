using AiNative.Orchestrations.Agents;
using AiNative.Orchestrations.Approvals;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Memory;
using AiNative.Platform.AgentPlane.Operations;
using AiNative.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Orchestrations.Tests.Sessions;

/// <summary>Starting agent runs, answering their approvals the way a person does (signed link), and reading results.</summary>
internal static class AgentTestSupport
{
    public static AgentRunPolicy Policy(TimeSpan? timeout = null) => new(timeout ?? TimeSpan.FromMinutes(10), ["oncall@example.com"]);

    public static async Task<string> StartAsync(DurableHostFixture host, string agent, string input, string? sessionId = null, AgentRunPolicy? policy = null)
    {
        await host.Services.GetRequiredService<IOperationsSystem>().SeedAsync();
        var id = $"run-{Guid.NewGuid():N}";
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            AgentCatalog.OrchestratorOf(agent), new AgentRunRequest(agent, input, sessionId, "tester@example.com", policy ?? Policy()), new StartOrchestrationOptions(id));
        return id;
    }

    public static async Task<ApprovalRequest> WaitForApprovalAsync(DurableHostFixture host, string approvalId)
    {
        var store = host.Services.GetRequiredService<IApprovalStore>();
        var record = await Eventually.GetAsync(
            async () => await store.GetAsync(approvalId) is { Status: ApprovalStatuses.Pending } r ? r : null,
            $"approval {approvalId}");
        return record.Request;
    }

    public static async Task DecideAsync(DurableHostFixture host, ApprovalRequest request, string decision, string? comment = null)
    {
        var links = host.Services.GetRequiredService<ApprovalLinkService>();
        var token = host.Services.GetRequiredService<ApprovalTokenService>().Issue(request);
        var page = await links.DecideAsync(token, decision, comment, "sre-lead@example.com");
        Assert.True(page.Decided is not null, $"{page.StatusCode}: {page.Message}");
        await host.Client.RaiseEventAsync(page.Decided.InstanceId, RequestApproval.DecisionEvent, page.Decided.Decision);
    }

    public static async Task<T> CompleteAsync<T>(DurableHostFixture host, string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var instance = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorType} {instance.FailureDetails?.ErrorMessage}");
        return instance.ReadOutputAs<T>()!;
    }

    public static async Task<ServiceState> ServiceAsync(DurableHostFixture host, string name) =>
        (await host.Services.GetRequiredService<IOperationsSystem>().ListServicesAsync()).Single(s => s.Name == name);

    public static Task<IReadOnlyList<RememberedMessage>> MemoryAsync(DurableHostFixture host, string sessionId) =>
        host.Services.GetRequiredService<IConversationMemory>().ReadAsync(sessionId);
}
