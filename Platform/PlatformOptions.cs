using System.ComponentModel.DataAnnotations;

namespace AiNative.Platform;

/// <summary>Settings shared by every plane (configuration section <c>AiNative</c>, e.g. <c>AiNative__DataDirectory</c>).</summary>
public sealed class PlatformOptions
{
    public const string Section = "AiNative";

    /// <summary>Local state: the embedded knowledge store, the mail pickup folder, local secrets.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".ainative";

    /// <summary>The artifact catalog (models, prompts, tools, policies, evals). Empty: <c>catalog/</c> next to the app.</summary>
    public string CatalogDirectory { get; set; } = "";

    /// <summary>Base address that links in e-mails and Slack messages point to.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>The catalog folder actually used.</summary>
    public string ResolveCatalogDirectory() =>
        string.IsNullOrWhiteSpace(CatalogDirectory) ? Path.Combine(AppContext.BaseDirectory, "catalog") : Path.GetFullPath(CatalogDirectory);

    /// <summary>The data folder as an absolute path.</summary>
    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);
}
