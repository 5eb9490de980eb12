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

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text (a local relay or test sink only).</summary>
    None,

    /// <summary>Connect in plain text, then upgrade with STARTTLS (required; usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}

/// <summary>
/// SMTP server settings (section <c>Mail:Smtp</c>: <c>Mail__Smtp__Host</c>, <c>__Port</c>, <c>__Security</c>, <c>__UserName</c>,
/// <c>__Password</c>); when a host is set, approval mail goes there instead of the pickup folder.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Mail:Smtp";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Empty: no authentication.</summary>
    public string UserName { get; set; } = "";

    /// <summary>A secret: set it from Key Vault (<c>Mail__Smtp__Password</c>), never in a committed file.</summary>
    public string Password { get; set; } = "";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>Fails start-up when the sender address is not an e-mail address.</summary>
public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!MailAddresses.IsValid(options.From))
        {
            errors.Add($"The setting 'Mail__From' must be an e-mail address (got '{options.From}').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Fails start-up when SMTP is configured with an impossible port or a user name without its password.</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.IsConfigured && options.Port is < 1 or > 65535)
        {
            errors.Add($"The setting 'Mail__Smtp__Port' must be between 1 and 65535 (got {options.Port}).");
        }

        if (options.IsConfigured && !string.IsNullOrEmpty(options.UserName) && string.IsNullOrEmpty(options.Password))
        {
            errors.Add("The setting 'Mail__Smtp__Password' is missing: 'Mail__Smtp__UserName' is set, so SMTP needs its password (a Key Vault reference in Azure).");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add("The setting 'Mail__Smtp__Timeout' must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
