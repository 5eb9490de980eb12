namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>The content of a document version is gone (neither staged nor redacted): retrying cannot help, the document must be sent again.</summary>
public sealed class IngestContentMissingException : Exception
{
    public IngestContentMissingException() { }

    public IngestContentMissingException(string message) : base(message) { }

    public IngestContentMissingException(string message, Exception innerException) : base(message, innerException) { }
}
