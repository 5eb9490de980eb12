using System.Collections.Immutable;
using AiNative.Orchestrations.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Orchestrations.Tests.Hosting;

/// <summary>What the Functions worker passes a middleware: the function's definition and its trigger's binding data.</summary>
internal sealed class FakeFunctionContext(string name, string triggerType, IReadOnlyDictionary<string, object?> bindingData) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => name;

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext { get; } = new FakeBindingContext(bindingData);

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = null!;

    public override FunctionDefinition FunctionDefinition { get; } = new FakeFunctionDefinition(name, triggerType);

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException();
}

internal sealed class FakeBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
{
    public override IReadOnlyDictionary<string, object?> BindingData => data;
}

internal sealed class FakeFunctionDefinition(string name, string triggerType) : FunctionDefinition
{
    public override ImmutableArray<FunctionParameter> Parameters => [];

    public override string PathToAssembly => typeof(ActivityTelemetryMiddleware).Assembly.Location;

    public override string EntryPoint => name;

    public override string Id => name;

    public override string Name => name;

    public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } =
        ImmutableDictionary<string, BindingMetadata>.Empty.Add("input", new FakeBinding("input", triggerType));

    public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
}

internal sealed class FakeBinding(string name, string type) : BindingMetadata
{
    public override string Name => name;

    public override string Type => type;

    public override BindingDirection Direction => BindingDirection.In;
}
