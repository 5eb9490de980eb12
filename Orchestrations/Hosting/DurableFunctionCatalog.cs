using System.Reflection;
using AiNative.Activities;
using AiNative.Platform.Governance;
using AiNative.Platform.Governance.Pii;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Orchestrations.Hosting;

/// <summary>
/// The orchestrators and activities of the product, discovered from their <c>[Function]</c> attributes: the
/// Functions host finds them the same way, so Standalone and tests run exactly the set that Azure runs.
/// </summary>
public static class DurableFunctionCatalog
{
    private static readonly Lazy<IReadOnlyList<DurableFunction>> Discovered = new(Discover);

    // A worker without the platform's services (some test hosts) still redacts failures, with the default patterns.
    private static readonly Lazy<IPiiRedactor> FallbackRedactor = new(() => new RegexPiiRedactor());

    /// <summary>Every durable function, orchestrators first, by name.</summary>
    public static IReadOnlyList<DurableFunction> All => Discovered.Value;

    /// <summary>Registers every orchestrator and activity with a Durable Task worker.</summary>
    public static DurableTaskRegistry AddAiNativeFunctions(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var function in All)
        {
            var adapter = function.Kind == DurableFunctionKind.Orchestrator
                ? typeof(MethodOrchestrator<,>).MakeGenericType(function.InputType, function.OutputType)
                : typeof(MethodActivity<,>).MakeGenericType(function.InputType, function.OutputType);
            if (function.Kind == DurableFunctionKind.Orchestrator)
            {
                var orchestrator = (ITaskOrchestrator)Activator.CreateInstance(adapter, function.Method)!;
                registry.AddOrchestrator(function.Name, () => orchestrator);
            }
            else
            {
                registry.AddActivity(function.Name, services => (ITaskActivity)Activator.CreateInstance(adapter, services, function.Method)!);
            }
        }

        return registry;
    }

    private static List<DurableFunction> Discover()
    {
        var found = new List<DurableFunction>();
        foreach (var assembly in new[] { typeof(DurableFunctionCatalog).Assembly, ActivitiesAssembly.Value })
        {
            foreach (var method in assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } attribute)
                {
                    continue;
                }

                var parameters = method.GetParameters();
                if (parameters.Any(p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null))
                {
                    found.Add(Describe(attribute.Name, DurableFunctionKind.Orchestrator, method, parameters, expectedCount: 2));
                }
                else if (parameters.Any(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null))
                {
                    found.Add(Describe(attribute.Name, DurableFunctionKind.Activity, method, parameters, expectedCount: 1));
                }
            }
        }

        var duplicate = found.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two durable functions are named '{duplicate.Key}'.");
        }

        return [.. found.OrderBy(f => f.Kind).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    private static DurableFunction Describe(string name, DurableFunctionKind kind, MethodInfo method, ParameterInfo[] parameters, int expectedCount)
    {
        var where = $"{method.DeclaringType?.FullName}.{method.Name}";
        if (parameters.Length != expectedCount)
        {
            throw new InvalidOperationException(kind == DurableFunctionKind.Orchestrator
                ? $"Orchestrator {where} must take (TaskOrchestrationContext context, TInput input)."
                : $"Activity {where} must take exactly one parameter, its input.");
        }

        if (kind == DurableFunctionKind.Orchestrator && !method.IsStatic)
        {
            throw new InvalidOperationException($"Orchestrator {where} must be static.");
        }

        var input = parameters[^1].ParameterType;
        var output = method.ReturnType == typeof(Task) ? typeof(object)
            : method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>) ? method.ReturnType.GetGenericArguments()[0]
            : throw new InvalidOperationException($"Durable function {where} must return Task or Task<T>.");
        return new DurableFunction(name, kind, method, input, output);
    }

    /// <summary>Runs a static orchestrator method (which redacts its own failures: <see cref="OrchestratorFailures"/>).</summary>
    private sealed class MethodOrchestrator<TInput, TOutput>(MethodInfo method) : TaskOrchestrator<TInput, TOutput>
    {
        public override async Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) =>
            await Invoke<TOutput>(method, null, [context, input]);
    }

    /// <summary>Creates the activity class from the worker's services and runs its method.</summary>
    private sealed class MethodActivity<TInput, TOutput>(IServiceProvider services, MethodInfo method) : TaskActivity<TInput, TOutput>
    {
        public override async Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
        {
            using var span = ActivitySpans.Start(context.Name, context.InstanceId);
            try
            {
                var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
                return await Invoke<TOutput>(method, target, [input]);
            }
            catch (Exception e)
            {
                // The Functions host does the same in ActivityFailureRedactionMiddleware: Durable records the message in history.
                var redacted = PiiExceptionRedaction.Redact(e, services.GetService<IPiiRedactor>() ?? FallbackRedactor.Value);
                span.Fail(redacted ?? e);
                if (redacted is null)
                {
                    throw;
                }

                throw redacted;
            }
        }
    }

    private static async Task<TOutput> Invoke<TOutput>(MethodInfo method, object? target, object?[] arguments)
    {
        var task = (Task)method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null)!;
        await task;
        return typeof(TOutput) == typeof(object) && method.ReturnType == typeof(Task) ? default! : ((Task<TOutput>)task).Result;
    }
}
