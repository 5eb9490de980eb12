using System.Text;
using System.Text.Json;
using AiNative.Api.Runs;
using AiNative.Orchestrations.Agents;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AiNative.Orchestrations.Tests.Hosting;

/// <summary>
/// An exception thrown by orchestrator code itself (not an activity) becomes the run's failure details with its message
/// PII-redacted and its type kept: <c>RunAgent</c> started directly (past the API's validation) with an agent name that
/// holds an e-mail address.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class OrchestratorFailureRedactionTests(DurableHostFixture host)
{
    private const string Email = "dana.whitfield@example.com";

    [Fact]
    public async Task An_orchestrator_exception_is_recorded_redacted_with_its_type()
    {
        var id = "orchestrator-failure-" + Guid.NewGuid().ToString("n");
        var request = new AgentRunRequest($"refunds for {Email}", "refund please", null, "api-caller", new AgentRunPolicy(TimeSpan.FromMinutes(1), []));

        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RunAgent), request, new StartOrchestrationOptions(id));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var instance = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        var failure = instance.FailureDetails!;
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.ErrorType);
        Assert.True(failure.IsCausedBy<InvalidOperationException>());
        Assert.StartsWith("Unknown agent 'refunds for <EMAIL_ADDRESS>'. Known agents: ", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(nameof(RunAgent), failure.StackTrace, StringComparison.Ordinal); // the original stack is kept
        var recorded = $"{Describe(failure)}\n{JsonSerializer.Serialize(InstanceView.From(instance))}";
        Assert.DoesNotContain(Email, recorded, StringComparison.Ordinal);
    }

    private static string Describe(TaskFailureDetails? failure)
    {
        var text = new StringBuilder();
        for (; failure is not null; failure = failure.InnerFailure)
        {
            text.AppendLine(failure.ErrorType).AppendLine(failure.ErrorMessage).AppendLine(failure.StackTrace);
        }

        return text.ToString();
    }
}
