using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>Builds approval links: <c>{AiNative:PublicBaseUrl}/api/approvals/{token}</c>.</summary>
public sealed class ApprovalLinks(IOptions<PlatformOptions> platform)
{
    /// <summary>The route the HTTP handlers serve (GET shows the page, POST decides).</summary>
    public const string RoutePrefix = "api/approvals";

    public Uri For(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var baseUrl = platform.Value.PublicBaseUrl.TrimEnd('/');
        return new Uri($"{baseUrl}/{RoutePrefix}/{Uri.EscapeDataString(token)}", UriKind.Absolute);
    }
}
