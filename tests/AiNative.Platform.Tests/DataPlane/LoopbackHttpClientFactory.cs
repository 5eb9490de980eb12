using AiNative.Platform.DataPlane.Ingestion;

namespace AiNative.Platform.Tests.DataPlane;

/// <summary>The fetch client as AddDataPlane builds it, with private networks allowed so tests can serve documents on loopback.</summary>
internal sealed class LoopbackHttpClientFactory(bool allowPrivate = true) : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new(new SocketsHttpHandler
    {
        ConnectCallback = (context, ct) => DocumentSourceReader.ConnectAsync(context, allowPrivate, ct),
    });
}
