using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Caching;

/// <summary>Pipeline stage: caches embeddings per input text and model; only the misses go to the generator.</summary>
/// <remarks><c>keyNamespace</c> names the model and its cache generation, read per call so an invalidation takes effect at once.</remarks>
public sealed class EmbeddingCacheGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, GatewayCache cache, Func<CancellationToken, ValueTask<string>> keyNamespace)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public const string CacheName = "embedding";

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyList<string> ?? [.. values];
        var results = new Embedding<float>?[inputs.Count];
        var keys = new string[inputs.Count];
        var misses = new List<int>();
        var space = await keyNamespace(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < inputs.Count; i++)
        {
            keys[i] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"v2|{space}|{options?.ModelId}|{options?.Dimensions}|{inputs[i]}")));
            if (await cache.GetAsync(CacheName, keys[i], cancellationToken).ConfigureAwait(false) is { } bytes)
            {
                results[i] = new Embedding<float>(MemoryMarshal.Cast<byte, float>(bytes).ToArray());
            }
            else
            {
                misses.Add(i);
            }
        }

        UsageDetails? usage = null;
        if (misses.Count > 0)
        {
            var generated = await base.GenerateAsync(misses.Select(i => inputs[i]).ToList(), options, cancellationToken).ConfigureAwait(false);
            usage = generated.Usage;
            for (var j = 0; j < misses.Count; j++)
            {
                var embedding = generated[j];
                results[misses[j]] = embedding;
                await cache.SetAsync(CacheName, keys[misses[j]], MemoryMarshal.AsBytes(embedding.Vector.Span).ToArray(), cancellationToken).ConfigureAwait(false);
            }
        }

        // All hits: nothing was embedded, so nothing is charged or priced.
        usage ??= misses.Count == 0 ? new UsageDetails { InputTokenCount = 0, TotalTokenCount = 0 } : null;
        return new GeneratedEmbeddings<Embedding<float>>(results.Select(r => r!)) { Usage = usage };
    }
}
