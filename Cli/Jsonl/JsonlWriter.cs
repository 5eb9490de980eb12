using System.Text.Encodings.Web;
using System.Text.Json;

namespace AiNative.Cli.Jsonl;

/// <summary>Writes one compact JSON value per line (<c>\n</c> endings, UTF-8 text as is, camelCase names).</summary>
public sealed class JsonlWriter(TextWriter output)
{
    /// <summary>camelCase property names, nulls omitted, non-ASCII text unescaped.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Lines written so far.</summary>
    public int Written { get; private set; }

    /// <summary>Writes <paramref name="value"/> as one line.</summary>
    public async Task WriteAsync<T>(T value, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(value, Options);
        await output.WriteAsync(json.AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
        Written++;
    }
}
