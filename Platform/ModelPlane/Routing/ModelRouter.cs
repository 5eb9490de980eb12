using System.Globalization;
using AiNative.Platform.ModelPlane.Registry;

namespace AiNative.Platform.ModelPlane.Routing;

/// <summary>The seed's <c>select_model</c>: filter by capabilities, compliance, region and context window, then order by cost or latency.</summary>
public sealed class ModelRouter(ModelRegistry registry, LatencyTracker latency)
{
    /// <summary>The registry's default model.</summary>
    public ModelDefinition DefaultModel => registry.Default;

    /// <summary>The registry's default embedding model, if any is enabled.</summary>
    public ModelDefinition? DefaultEmbedding => registry.DefaultEmbedding;

    /// <summary>Chooses the model for a call and the fallbacks that may stand in for it.</summary>
    /// <exception cref="NoQualifyingModelException">No enabled model meets the requirements.</exception>
    public RoutePlan Plan(RoutingHints hints, long inputTokens, long maxOutputTokens)
    {
        ArgumentNullException.ThrowIfNull(hints);
        var needed = inputTokens + maxOutputTokens;
        bool Qualifies(ModelDefinition m, out string? why)
        {
            why = !m.Enabled ? "disabled"
                : (hints.Capabilities ?? [ModelCapabilities.Chat]).Append(ModelCapabilities.Chat).FirstOrDefault(c => !m.Capabilities.Contains(c)) is { } missing ? $"lacks {missing}"
                : (hints.Compliance ?? []).FirstOrDefault(c => !m.Compliance.Contains(c)) is { } lacking ? $"not {lacking}"
                : hints.Region is { Length: > 0 } region && !m.Regions.Contains("*") && !m.Regions.Contains(region) ? $"not in {region}"
                : m.ContextWindow < needed ? $"context {m.ContextWindow} < {needed} tokens"
                : null;
            return why is null;
        }

        ModelDefinition primary;
        string reason;
        if (hints.Model is { Length: > 0 } requested)
        {
            if (!registry.TryGet(requested, out primary))
            {
                throw new NoQualifyingModelException($"Model '{requested}' is not in the registry (known: {string.Join(", ", registry.All.Where(m => m.Enabled).Select(m => m.Id))}).");
            }

            if (!Qualifies(primary, out var why))
            {
                throw new NoQualifyingModelException($"Model '{requested}' cannot serve this call: {why}.");
            }

            reason = "requested";
        }
        else
        {
            var rejected = new List<string>();
            var candidates = registry.All.Where(m =>
            {
                var ok = Qualifies(m, out var why);
                if (!ok && m.Enabled)
                {
                    rejected.Add($"{m.Id}: {why}");
                }

                return ok;
            }).ToList();
            if (candidates.Count == 0)
            {
                throw new NoQualifyingModelException($"No enabled model meets the call's requirements ({string.Join("; ", rejected)}).");
            }

            (primary, reason) = hints.Priority switch
            {
                RoutingPriority.Budget => Cheapest(candidates, inputTokens, maxOutputTokens),
                RoutingPriority.Latency => Fastest(candidates),
                _ when candidates.Contains(registry.Default) => (registry.Default, "default"),
                _ => Fastest(candidates),
            };
        }

        var chain = new List<ModelDefinition> { primary };
        var queue = new Queue<string>(primary.Fallbacks);
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            if (chain.Any(m => m.Id == id) || !registry.TryGet(id, out var fallback))
            {
                continue;
            }

            // A fallback that breaks compliance, region or context is skipped, never used: fallbacks must not weaken guarantees.
            if (Qualifies(fallback, out _))
            {
                chain.Add(fallback);
            }

            foreach (var next in fallback.Fallbacks)
            {
                queue.Enqueue(next);
            }
        }

        return new RoutePlan(chain, reason);
    }

    /// <summary>Chooses the embedding model (the requested one, else the registry's default embedding model) and its fallbacks.</summary>
    /// <exception cref="NoQualifyingModelException">The model is unknown, disabled, not an embedding model, or breaks the hints.</exception>
    public RoutePlan PlanEmbeddings(RoutingHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        string? Why(ModelDefinition m) =>
            !m.Enabled ? "disabled"
            : !m.Capabilities.Contains(ModelCapabilities.Embeddings) ? "not an embeddings model"
            : (hints.Compliance ?? []).FirstOrDefault(c => !m.Compliance.Contains(c)) is { } lacking ? $"not {lacking}"
            : hints.Region is { Length: > 0 } region && !m.Regions.Contains("*") && !m.Regions.Contains(region) ? $"not in {region}"
            : null;

        ModelDefinition primary;
        if (hints.Model is { Length: > 0 } requested && requested != "auto")
        {
            if (!registry.TryGet(requested, out primary))
            {
                throw new NoQualifyingModelException($"Model '{requested}' is not in the registry (embedding models: {string.Join(", ", registry.All.Where(m => m.Enabled && m.Capabilities.Contains(ModelCapabilities.Embeddings)).Select(m => m.Id))}).");
            }
        }
        else
        {
            primary = registry.DefaultEmbedding ?? throw new NoQualifyingModelException("No embeddings model is enabled in the registry.");
        }

        if (Why(primary) is { } why)
        {
            throw new NoQualifyingModelException($"Model '{primary.Id}' cannot embed: {why}.");
        }

        var chain = new List<ModelDefinition> { primary };
        foreach (var id in primary.Fallbacks)
        {
            if (registry.TryGet(id, out var fallback) && Why(fallback) is null && chain.TrueForAll(m => m.Id != id))
            {
                chain.Add(fallback);
            }
        }

        return new RoutePlan(chain, hints.Model is { Length: > 0 } and not "auto" ? "requested" : "default");
    }

    private static (ModelDefinition, string) Cheapest(List<ModelDefinition> candidates, long input, long output)
    {
        var best = candidates.MinBy(m => m.Cost(input, output))!;
        return (best, string.Create(CultureInfo.InvariantCulture, $"cheapest of {candidates.Count} (estimated {best.Cost(input, output):0.########})"));
    }

    private (ModelDefinition, string) Fastest(List<ModelDefinition> candidates)
    {
        var best = candidates.MinBy(Estimate)!;
        var observed = latency.P95(best.Id) is not null;
        return (best, string.Create(CultureInfo.InvariantCulture, $"fastest of {candidates.Count} (p95 {Estimate(best).TotalMilliseconds:0} ms {(observed ? "observed" : "objective")})"));
    }

    private TimeSpan Estimate(ModelDefinition m) => latency.P95(m.Id) ?? LatencyClasses.Objective(m.LatencyClass);
}
