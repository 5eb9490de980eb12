using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Caching;

/// <summary>Pipeline stage: caches embeddings per input text and model; only the misses go to the generator.</summary>
public sealed class EmbeddingCacheGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, GatewayCache cache, string modelVersion)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public const string CacheName = "embedding";

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyList<string> ?? [.. values];
        var results = new Embedding<float>?[inputs.Count];
        var keys = new string[inputs.Count];
        var misses = new List<int>();
        for (var i = 0; i < inputs.Count; i++)
        {
            keys[i] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"v1|{modelVersion}|{options?.ModelId}|{options?.Dimensions}|{inputs[i]}")));
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

        return new GeneratedEmbeddings<Embedding<float>>(results.Select(r => r!)) { Usage = usage };
    }
}
