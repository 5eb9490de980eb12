using System.Collections.Concurrent;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.DurableTask.Protobuf;

namespace AiNative.Orchestrations.Tests.Tools;

/// <summary>
/// Watches the worker's gRPC work-item stream and keeps, per orchestration instance, the text of every history event the
/// engine replayed to it (activity inputs, results and failure details included). The in-memory test backend does not answer
/// history queries, so this is how a test reads what an orchestration's history holds.
/// </summary>
internal sealed class HistoryTextRecorder : Interceptor
{
    private readonly ConcurrentDictionary<string, StringBuilder> texts = new(StringComparer.Ordinal);

    /// <summary>Every history event <paramref name="instanceId"/> was replayed with so far, one per line (protobuf JSON).</summary>
    public string HistoryOf(string instanceId)
    {
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
        var text = texts.GetOrAdd(request.InstanceId, _ => new StringBuilder());
        lock (text)
        {
            foreach (var e in request.PastEvents.Concat(request.NewEvents))
            {
                text.AppendLine(e.ToString());
            }
        }
    }

    private sealed class Reader<T>(IAsyncStreamReader<T> inner, HistoryTextRecorder recorder) : IAsyncStreamReader<T>
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
