using Microsoft.Extensions.Options;

namespace AiNative.Platform.Governance.Pii;

/// <summary>Keys of the PII operators (configuration section <c>Guardrails:Pii</c>); both optional until an operator needs them.</summary>
public sealed class PiiKeyOptions
{
    public const string Section = "Guardrails:Pii";
    public const string HashKeySetting = "Guardrails__Pii__HashKey";
    public const string EncryptionKeySetting = "Guardrails__Pii__EncryptionKey";

    /// <summary>HMAC-SHA256 key of the <see cref="PiiOperator.Hash"/> operator: base64 of at least 32 random bytes.</summary>
    public string HashKey { get; set; } = "";

    /// <summary>Key of the <see cref="PiiOperator.Encrypt"/> operator and of decryption: base64 of at least 32 random bytes.</summary>
    public string EncryptionKey { get; set; } = "";
}

/// <summary>Fails start-up when a configured PII key is too short; an unset key only fails the operator that needs it.</summary>
public sealed class PiiKeyOptionsValidator : IValidateOptions<PiiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, PiiKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var (setting, value) in new[] { (PiiKeyOptions.HashKeySetting, options.HashKey), (PiiKeyOptions.EncryptionKeySetting, options.EncryptionKey) })
        {
            if (!string.IsNullOrWhiteSpace(value) && !SecretKeys.TryGetKeyBytes(value, out _))
            {
                errors.Add($"The setting '{setting}' is too short: use base64 of at least 32 random bytes (e.g. 'openssl rand -base64 32').");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
