using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>Outgoing mail (configuration section <c>Mail</c>, e.g. <c>Mail__PickupDirectory</c>).</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>Folder the .eml files are written to. Empty: <c>{AiNative:DataDirectory}/mail</c>.</summary>
    public string PickupDirectory { get; set; } = "";

    /// <summary>The sender address.</summary>
    public string From { get; set; } = "ainative@localhost";

    /// <summary>The pickup folder actually used.</summary>
    public string ResolvePickupDirectory(PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return string.IsNullOrWhiteSpace(PickupDirectory)
            ? Path.Combine(platform.ResolveDataDirectory(), "mail")
            : Path.GetFullPath(PickupDirectory);
    }
}

/// <summary>Fails start-up when the sender address is not an e-mail address.</summary>
public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return MailAddresses.IsValid(options.From)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"The setting 'Mail__From' must be an e-mail address (got '{options.From}').");
    }
}
