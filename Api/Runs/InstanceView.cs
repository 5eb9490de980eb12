using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace AiNative.Api.Runs;

/// <summary>An orchestration instance as the API shows it (<c>GET /api/runs/{id}</c>, evals, documents).</summary>
public sealed record InstanceView(
    string Id,
    string Name,
    string RuntimeStatus,
    JsonElement? CustomStatus,
    JsonElement? Output,
    InstanceFailure? Failure,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt)
{
    public static InstanceView From(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new InstanceView(
            metadata.InstanceId,
            metadata.Name,
            metadata.RuntimeStatus.ToString(),
            Parse(metadata.SerializedCustomStatus),
            Parse(metadata.SerializedOutput),
            metadata.FailureDetails is { } f ? new InstanceFailure(f.ErrorType, f.ErrorMessage) : null,
            metadata.CreatedAt,
            metadata.LastUpdatedAt);
    }

    private static JsonElement? Parse(string? serialized)
    {
        // An unset custom status reads back as the text "null" on some backends.
        if (string.IsNullOrEmpty(serialized) || serialized == "null")
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(serialized);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(serialized);
        }
    }
}

/// <summary>Why an instance failed.</summary>
public sealed record InstanceFailure(string Type, string Message);
