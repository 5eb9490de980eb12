using System.Text.Json;

namespace AiNative.Platform.AgentPlane.Tools.Handlers;

/// <summary>Tool arguments and results are snake_case JSON, as in the seed's schema (<c>customer_id</c>, <c>refund_id</c>).</summary>
public static class ToolJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static T Read<T>(JsonElement arguments) =>
        arguments.Deserialize<T>(Options) ?? throw new ToolHandlerException($"The arguments are empty (expected {typeof(T).Name}).");

    public static JsonElement Write<T>(T value) => JsonSerializer.SerializeToElement(value, Options);
}
