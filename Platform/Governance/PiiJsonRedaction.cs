using System.Text.Encodings.Web;
using System.Text.Json;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.Governance;

/// <summary>
/// Redacts the personal data in a JSON value string by string: every string value goes through <see cref="IPiiRedactor"/>,
/// while structure, property names, numbers, booleans and nulls stay as they are. Redacting the raw text as one string
/// instead could cut through an escape sequence or a quote and leave invalid JSON.
/// </summary>
public static class PiiJsonRedaction
{
    // Relaxed escaping keeps "<EMAIL_ADDRESS>" readable in the rewritten text instead of "\u003CEMAIL_ADDRESS\u003E";
    // the text is data handed to JSON readers (history, audit), never embedded into HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A copy of <paramref name="value"/> whose string values are redacted; the value itself when nothing needed rewriting.</summary>
    public static JsonElement Redact(IPiiRedactor redactor, JsonElement value, PiiRedactionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return value;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        bool changed;
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            changed = Write(writer, value, redactor, options);
        }

        if (!changed)
        {
            return value;
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Writes <paramref name="element"/> with redacted strings; true when any string changed.</summary>
    private static bool Write(Utf8JsonWriter writer, JsonElement element, IPiiRedactor redactor, PiiRedactionOptions? options)
    {
        var changed = false;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    changed |= Write(writer, property.Value, redactor, options);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    changed |= Write(writer, item, redactor, options);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                var redacted = text.Length == 0 ? text : redactor.Redact(text, options).Text;
                changed = !string.Equals(text, redacted, StringComparison.Ordinal);
                writer.WriteStringValue(redacted);
                break;
            default:
                // Numbers keep their exact text (no double round trip); true, false and null are copied.
                element.WriteTo(writer);
                break;
        }

        return changed;
    }
}
