using System.Collections.Concurrent;
using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;
using Microsoft.DurableTask.Testing.Sidecar.Dispatcher;

namespace AiNative.Standalone.Durable;

/// <summary>
/// Works around a defect of the gRPC sidecar (Microsoft.DurableTask.InProcessTestHost 0.2.3-preview.1): it starts
/// sub-orchestrations with the protobuf <c>MapField</c> of tags in the new instance's start message and in the parent's
/// history, which the Azure Storage backend then cannot read back ("Error resolving type ... MapField", "TableEntity did
/// not contain a 'EventType' property"), and records sub-orchestration starts with its own event subclass, which the
/// history table stores as an empty row. Plain dictionaries and plain events before the backend sees them fix both;
/// everything else is passed through untouched. (Found in this repository's SIGKILL and HTTP tests.) The plain event
/// keeps the child's span id, which is given back when the history is loaded, so traces stay connected.
/// The sidecar also never renews the lock of an activity work item: an activity running longer than the work-item queue's
/// visibility timeout (an ingestion batch waiting for the local model on a loaded machine) was dequeued again and ran twice,
/// and the first run's completion then failed (PopReceiptMismatch). Locks are renewed here every <paramref name="renewEvery"/>
/// until the work item completes or is abandoned.
/// </summary>
internal sealed class SerializableTagsOrchestrationService(IOrchestrationService inner, TimeSpan renewEvery) : IOrchestrationService
{
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Stop, Task Loop)> renewals = new(StringComparer.Ordinal);

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        foreach (var message in orchestratorMessages ?? [])
        {
            Normalize(message.Event);
        }

        if (newOrchestrationRuntimeState is not null)
        {
            ReplaceSidecarEvents(newOrchestrationRuntimeState.NewEvents);
            ReplaceSidecarEvents(newOrchestrationRuntimeState.Events);
        }

        return inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    /// <summary>
    /// The sidecar records sub-orchestration starts as its own subclass of <see cref="SubOrchestrationInstanceCreatedEvent"/>,
    /// which the Azure Storage history table stores as an empty row; the plain event is stored correctly.
    /// </summary>
    private static void ReplaceSidecarEvents(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    // The span id the parent's trace expects for this child (see RestoreSubOrchestrationTraceContext).
                    ClientSpanId = (created as GrpcSubOrchestrationInstanceCreatedEvent)?.ParentTraceContext?.TraceParent is { } traceParent
                        && ActivityContext.TryParse(traceParent, null, out var parent) ? parent.SpanId.ToHexString() : created.ClientSpanId,
                    Tags = created.Tags is null ? null : new Dictionary<string, string>(created.Tags, StringComparer.Ordinal),
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                };
            }
            else
            {
                Normalize(events[i]);
            }
        }
    }

    private static void Normalize(HistoryEvent historyEvent)
    {
        switch (historyEvent)
        {
            case ExecutionStartedEvent { Tags: { } tags } started when tags is not Dictionary<string, string>:
                started.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
                break;
            case SubOrchestrationInstanceCreatedEvent { Tags: { } tags } created when tags is not Dictionary<string, string>:
                created.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
                break;
            case TaskScheduledEvent { Tags: { } tags } scheduled when tags is not Dictionary<string, string>:
                scheduled.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
                break;
        }
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await StopRenewingAsync(workItem).ConfigureAwait(false);
        await inner.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await StopRenewingAsync(workItem).ConfigureAwait(false);
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem?.Id is { } id)
        {
            var stop = new CancellationTokenSource();
            renewals[id] = (stop, RenewUntilStoppedAsync(workItem, stop.Token));
        }

        return workItem!;
    }

    private async Task RenewUntilStoppedAsync(TaskActivityWorkItem workItem, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(renewEvery, stop).ConfigureAwait(false);
                await inner.RenewTaskActivityWorkItemLockAsync(workItem).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message is gone or its lock was lost: completing will report it, as before renewals existed.
        }
    }

    // Waits for a renewal in progress, so completion never races a renewal that changes the message's pop receipt.
    private async Task StopRenewingAsync(TaskActivityWorkItem workItem)
    {
        if (workItem?.Id is { } id && renewals.TryRemove(id, out var renewal))
        {
            await renewal.Stop.CancelAsync().ConfigureAwait(false);
            await renewal.Loop.ConfigureAwait(false);
            renewal.Stop.Dispose();
        }
    }

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem?.OrchestrationRuntimeState is { } state)
        {
            // The sidecar sends PastEvents to the worker; Events is what is written back.
            RestoreSubOrchestrationTraceContext(state.PastEvents, state.Events);
            RestoreSubOrchestrationTraceContext(state.Events, state.Events);
        }

        return workItem!;
    }

    /// <summary>
    /// Gives stored sub-orchestration starts back the trace context the sidecar reads from its own event subclass, so
    /// the parent's span for the child gets the span id the child's orchestration span names as its parent: without
    /// it the child's spans hang off a span that never exists. The span id travels in the plain event's
    /// <see cref="SubOrchestrationInstanceCreatedEvent.ClientSpanId"/>; the trace is the parent orchestration's.
    /// </summary>
    private static void RestoreSubOrchestrationTraceContext(IList<HistoryEvent> events, IList<HistoryEvent> history)
    {
        var started = history.OfType<ExecutionStartedEvent>().FirstOrDefault();
        if (started?.ParentTraceContext?.TraceParent is not { } traceParent || !ActivityContext.TryParse(traceParent, started.ParentTraceContext.TraceState, out var trace))
        {
            return;
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent { ClientSpanId: { Length: 16 } spanId } created && created.GetType() == typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new GrpcSubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    ClientSpanId = spanId,
                    Tags = created.Tags,
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                    ParentTraceContext = new DistributedTraceContext($"00-{trace.TraceId.ToHexString()}-{spanId}-{(int)trace.TraceFlags:x2}", started.ParentTraceContext.TraceState),
                };
            }
        }
    }

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task StartAsync() => inner.StartAsync();

    public Task StopAsync() => inner.StopAsync();

    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);
}
