using System.Collections.Concurrent;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.DurableTask.Protobuf;

namespace AiNative.Orchestrations.Tests.Hosting;

/// <summary>
/// Watches the worker's gRPC work-item stream and records, per orchestration instance, what the engine replayed to it: the
/// largest history (past + new events) of one replay, and with <paramref name="keepText"/> the text of every replayed event
/// (activity inputs, results and failure details included). The in-memory test backend does not answer history queries, so
/// this is how a test reads what an orchestration's history holds.
/// </summary>
internal sealed class HistoryRecorder(bool keepText = false) : Interceptor
{
    private readonly ConcurrentDictionary<string, int> largest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StringBuilder> texts = new(StringComparer.Ordinal);

    /// <summary>The largest history replayed by <paramref name="instanceId"/> so far (0: never seen).</summary>
    public int LargestHistory(string instanceId) => largest.GetValueOrDefault(instanceId);

    /// <summary>Every history event <paramref name="instanceId"/> was replayed with so far, one per line (protobuf JSON).</summary>
    public string HistoryOf(string instanceId)
    {
        if (!keepText)
        {
            throw new InvalidOperationException("Create the recorder with keepText: true to read history text.");
        }

        if (!texts.TryGetValue(instanceId, out var text))
        {
            return "";
        }

        lock (text)
        {
            return text.ToString();
        }
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(new Reader<TResponse>(call.ResponseStream, this), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private void Record(OrchestratorRequest request)
    {
        var count = request.PastEvents.Count + request.NewEvents.Count;
        largest.AddOrUpdate(request.InstanceId, count, (_, seen) => Math.Max(seen, count));
        if (!keepText)
        {
            return;
        }

        var text = texts.GetOrAdd(request.InstanceId, _ => new StringBuilder());
        lock (text)
        {
            foreach (var e in request.PastEvents.Concat(request.NewEvents))
            {
                text.AppendLine(e.ToString());
            }
        }
    }

    private sealed class Reader<T>(IAsyncStreamReader<T> inner, HistoryRecorder recorder) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var more = await inner.MoveNext(cancellationToken);
            if (more && inner.Current is WorkItem { OrchestratorRequest: { } orchestration })
            {
                recorder.Record(orchestration);
            }

            return more;
        }
    }
}
