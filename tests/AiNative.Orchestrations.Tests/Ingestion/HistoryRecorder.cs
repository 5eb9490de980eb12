using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.DurableTask.Protobuf;

namespace AiNative.Orchestrations.Tests.Ingestion;

/// <summary>
/// Watches the worker's gRPC work-item stream and records, per orchestration instance, the largest history (past + new events)
/// the engine sent for one replay: exactly what grows when an orchestration's history grows. (The in-memory test backend does
/// not answer history queries, so the test reads what the worker is given instead.)
/// </summary>
internal sealed class HistoryRecorder : Interceptor
{
    private readonly ConcurrentDictionary<string, int> largest = new(StringComparer.Ordinal);

    /// <summary>The largest history replayed by <paramref name="instanceId"/> so far (0: never seen).</summary>
    public int LargestHistory(string instanceId) => largest.GetValueOrDefault(instanceId);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(new Reader<TResponse>(call.ResponseStream, this), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private void Record(OrchestratorRequest request) =>
        largest.AddOrUpdate(request.InstanceId, request.PastEvents.Count + request.NewEvents.Count, (_, seen) => Math.Max(seen, request.PastEvents.Count + request.NewEvents.Count));

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
