using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Resilience;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary>The fallback walk the routing stages share: try each model of a route in turn, moving on only on failures that fall back.</summary>
internal static class ModelFallback
{
    /// <summary>
    /// Calls the models of <paramref name="plan"/> in order until one answers. <paramref name="call"/> gets the model and
    /// the failures so far ("id: reason"); a failure <paramref name="fallBack"/> refuses, or cancellation, propagates.
    /// </summary>
    public static async Task<T> FirstAnswerAsync<T>(
        RoutePlan plan,
        Func<ModelDefinition, List<string>, Task<T>> call,
        Func<Exception, ModelDefinition, List<string>, bool> fallBack,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var tried = new List<string>();
        Exception? last = null;
        foreach (var model in plan.Chain)
        {
            try
            {
                return await call(model, tried).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && fallBack(e, model, tried))
            {
                last = e;
            }
        }

        throw Unavailable(tried, last, time);
    }

    /// <summary>True when <paramref name="e"/> lets the route move on: then the failure is added to <paramref name="tried"/>, counted and logged.</summary>
    public static bool Record(Exception e, ModelDefinition model, List<string> tried, TimeProvider time, GatewayMetrics metrics, Action<ModelFailureKind> log)
    {
        var (kind, _) = ModelFailure.Classify(e, time);
        if (!ModelFailure.FallsBack(kind))
        {
            return false;
        }

        tried.Add($"{model.Id}: {RetryChatClient.Describe(kind)}");
        metrics.RecordFallback(model.Id, kind);
        log(kind);
        return true;
    }

    /// <summary>The error when every model of the route failed: classified by the last failure (a server error when nothing was tried).</summary>
    public static ModelUnavailableException Unavailable(List<string> tried, Exception? last, TimeProvider time)
    {
        var failure = tried.Count == 0 || last is null ? (ModelFailureKind.ServerError, (TimeSpan?)null) : ModelFailure.Classify(last, time);
        return new ModelUnavailableException(tried, failure.Item1, failure.Item2, last);
    }

    /// <summary>The tenant a call is billed to (<see cref="ModelGateway.TenantProperty"/>), if any.</summary>
    public static string? Tenant(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(ModelGateway.TenantProperty, out var t) == true ? t as string : null;
}
