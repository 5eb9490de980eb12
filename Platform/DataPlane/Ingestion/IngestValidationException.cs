namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>An ingest request that cannot be accepted; <see cref="Field"/> names the offending field (for a 400 problem response).</summary>
public sealed class IngestValidationException : Exception
{
    public IngestValidationException() : this("Request", "The ingest request is invalid.") { }

    public IngestValidationException(string message) : this("Request", message) { }

    public IngestValidationException(string message, Exception innerException) : base(message, innerException) => Field = "Request";

    public IngestValidationException(string field, string message) : base(message) => Field = field;

    /// <summary>The <see cref="IngestMessage"/> property at fault, e.g. <c>Content</c>.</summary>
    public string Field { get; }
}
