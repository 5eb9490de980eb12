using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace AiNative.Orchestrations.Hosting;

/// <summary>
/// How inputs, outputs and custom status are serialised: camelCase JSON, as the Functions isolated worker does,
/// so <c>GET /api/runs/{id}</c> shows the same shapes under both hosts.
/// </summary>
public static class DurableJson
{
    public static DataConverter Converter { get; } = new JsonDataConverter(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
