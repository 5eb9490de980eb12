using System.Reflection;
using System.Text;
using System.Text.Json;
using AiNative.Api.Runs;
using AiNative.Orchestrations.Agents;
using AiNative.Orchestrations.Hosting;
using Microsoft.Azure.Functions.Worker;
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

    [Fact]
    public void Every_orchestrator_function_runs_its_body_through_OrchestratorFailures()
    {
        // The Functions host runs orchestrators after every worker middleware, so each [Function] orchestrator redacts its
        // own failures: its IL calls OrchestratorFailures.Redacted. A new orchestrator that forgets to fails here.
        var redacted = typeof(OrchestratorFailures).GetMethod(nameof(OrchestratorFailures.Redacted))!;
        var orchestrators = typeof(RunAgent).Assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null && m.GetParameters().Any(p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null))
            .ToList();

        Assert.True(orchestrators.Count >= 9, $"found only {orchestrators.Count} orchestrators");
        var missing = orchestrators.Where(m => !Calls(m, redacted)).Select(m => m.DeclaringType!.Name).ToList();
        Assert.Empty(missing);
    }

    // Whether the method's IL has a call or callvirt to target (any generic instantiation).
    private static bool Calls(MethodInfo method, MethodInfo target)
    {
        var il = method.GetMethodBody()!.GetILAsByteArray()!;
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] is 0x28 or 0x6F
                && Resolve(method.Module, BitConverter.ToInt32(il, i + 1), method) is MethodInfo called
                && (called.IsGenericMethod ? called.GetGenericMethodDefinition() : called) == target)
            {
                return true;
            }
        }

        return false;
    }

    private static MethodBase? Resolve(Module module, int token, MethodInfo context)
    {
        try
        {
            return module.ResolveMethod(token, context.DeclaringType!.GetGenericArguments(), context.GetGenericArguments());
        }
        catch (ArgumentException)
        {
            return null; // bytes that are not a method token
        }
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
