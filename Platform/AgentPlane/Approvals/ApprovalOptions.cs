using Microsoft.Extensions.Options;
using MimeKit;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>Human-approval settings (configuration section <c>Approvals</c>, e.g. <c>Approvals__SigningKey</c>).</summary>
public sealed class ApprovalOptions
{
    public const string Section = "Approvals";

    /// <summary>The configuration key of <see cref="SigningKey"/> as an environment variable.</summary>
    public const string SigningKeySetting = "Approvals__SigningKey";

    /// <summary>Used when <see cref="Approvers"/> is empty.</summary>
    public static IReadOnlyList<string> DefaultApprovers { get; } = ["approvers@example.com"];

    /// <summary>
    /// The secret that signs approval links: base64 of at least 32 random bytes (<c>openssl rand -base64 32</c>), or any
    /// text of at least 32 bytes. Required. Changing it invalidates every outstanding link.
    /// </summary>
    public string SigningKey { get; set; } = "";

    /// <summary>How long an approval waits for a human before it is denied.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Who is asked (e-mail addresses). Empty means <see cref="DefaultApprovers"/>; kept empty by default because the
    /// configuration binder appends to, rather than replaces, a pre-filled list.
    /// </summary>
    public List<string> Approvers { get; set; } = [];

    /// <summary>Approver groups by name (<c>Approvals__Groups__finance__Members__0__Email</c>, <c>…__SlackUserId</c>, <c>…__EscalateTo</c>).</summary>
    public Dictionary<string, ApproverGroupOptions> Groups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which group approves what: key = tool, policy, action kind or agent name; value = group name (<c>Approvals__Routes__refund=finance</c>).</summary>
    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The group asked when no route matches; empty: the run policy's plain approver list.</summary>
    public string DefaultGroup { get; set; } = "";

    /// <summary>How many distinct approvers must approve (N of M); one reject or request-info ends the request.</summary>
    public int Quorum { get; set; } = 1;

    /// <summary>Remind approvers who have not answered this long before the request expires; unset or zero: no reminder.</summary>
    public TimeSpan? RemindBefore { get; set; }

    /// <summary>Ask the group's <c>EscalateTo</c> group when the first has not decided this long after the request; unset: half the timeout.</summary>
    public TimeSpan? EscalateAfter { get; set; }

    /// <summary>The configured approvers (trimmed, without duplicates), or the default ones.</summary>
    public IReadOnlyList<string> ResolveApprovers()
    {
        var configured = Approvers.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return configured.Count > 0 ? configured : DefaultApprovers;
    }

    /// <summary>The key bytes: base64 that decodes to at least 32 bytes, else the UTF-8 bytes of the text if at least 32.</summary>
    internal static bool TryGetKeyBytes(string? signingKey, out byte[] key) => SecretKeys.TryGetKeyBytes(signingKey, out key);
}

/// <summary>Fails start-up with a message naming the setting when the approval settings are unusable.</summary>
public sealed class ApprovalOptionsValidator : IValidateOptions<ApprovalOptions>
{
    public ValidateOptionsResult Validate(string? name, ApprovalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            errors.Add($"The setting '{ApprovalOptions.SigningKeySetting}' is missing: set it to a secret of at least 32 random bytes, base64-encoded (e.g. the output of 'openssl rand -base64 32'). It signs approval links.");
        }
        else if (!ApprovalOptions.TryGetKeyBytes(options.SigningKey, out _))
        {
            errors.Add($"The setting '{ApprovalOptions.SigningKeySetting}' is too short: use at least 32 bytes (base64 of 32 random bytes, or 32+ characters of text).");
        }

        if (options.DefaultTimeout <= TimeSpan.Zero || options.DefaultTimeout > TimeSpan.FromDays(30))
        {
            errors.Add($"The setting 'Approvals__DefaultTimeout' must be between 00:00:01 and 30.00:00:00 (got {options.DefaultTimeout}).");
        }

        errors.AddRange(ApproverDirectory.Validate(options));
        foreach (var approver in options.Approvers.Where(a => !string.IsNullOrWhiteSpace(a)))
        {
            if (!MailAddresses.IsValid(approver))
            {
                errors.Add($"The setting 'Approvals__Approvers' holds '{approver}', which is not an e-mail address.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>E-mail address checks shared by the options validators and the notifier.</summary>
internal static class MailAddresses
{
    public static bool TryParse(string? text, out MailboxAddress mailbox)
    {
        mailbox = null!;
        if (string.IsNullOrWhiteSpace(text) || !MailboxAddress.TryParse(text.Trim(), out var parsed) || parsed is null
            || parsed.Address.IndexOf('@', StringComparison.Ordinal) <= 0 || parsed.Address.EndsWith('@'))
        {
            return false;
        }

        mailbox = parsed;
        return true;
    }

    public static bool IsValid(string? text) => TryParse(text, out _);
}
