using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace AiNative.Platform.Storage;

/// <summary>
/// How to reach the storage account, read the way the Functions host reads <c>AzureWebJobsStorage</c>: either a
/// connection string, or the identity-based form (<c>AzureWebJobsStorage__accountName</c> or the
/// <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c> trio, with optional
/// <c>__credential=managedidentity</c> and <c>__clientId</c>) that accounts with shared keys disabled need.
/// </summary>
public sealed record StorageConnection
{
    private StorageConnection(string? connectionString, Uri? blobServiceUri, Uri? queueServiceUri, Uri? tableServiceUri, string? credentialKind, string? clientId)
    {
        ConnectionString = connectionString;
        BlobServiceUri = blobServiceUri;
        QueueServiceUri = queueServiceUri;
        TableServiceUri = tableServiceUri;
        CredentialKind = credentialKind;
        ClientId = clientId;
    }

    /// <summary>The connection string, when the setting is one; null for the identity-based form. Never logged.</summary>
    public string? ConnectionString { get; }

    public Uri? BlobServiceUri { get; }

    public Uri? QueueServiceUri { get; }

    public Uri? TableServiceUri { get; }

    /// <summary><c>managedidentity</c> or null (the default Azure credential chain, e.g. a developer's Azure CLI sign-in).</summary>
    public string? CredentialKind { get; }

    /// <summary>Client id of a user-assigned managed identity, when one is named.</summary>
    public string? ClientId { get; }

    public bool IsIdentityBased => ConnectionString is null;

    /// <summary>Reads the connection named <paramref name="name"/>; a missing or incomplete setting fails with a message naming the keys to set.</summary>
    public static StorageConnection FromConfiguration(IConfiguration configuration, string name = StorageAccount.ConnectionSetting)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageConnection(section.Value, null, null, null, null, null);
        }

        var accountName = section["accountName"];
        var blob = ParseUri(section, "blobServiceUri") ?? ServiceUri(accountName, "blob");
        var queue = ParseUri(section, "queueServiceUri") ?? ServiceUri(accountName, "queue");
        var table = ParseUri(section, "tableServiceUri") ?? ServiceUri(accountName, "table");
        if (blob is null && queue is null && table is null)
        {
            throw new InvalidOperationException(
                $"The setting '{name}' is missing: set it to a storage connection string (Azurite locally: 'UseDevelopmentStorage=true'), " +
                $"or use an identity: '{name}__accountName' (or '{name}__blobServiceUri', '{name}__queueServiceUri' and '{name}__tableServiceUri').");
        }

        if (blob is null || queue is null || table is null)
        {
            throw new InvalidOperationException(
                $"The identity-based storage setting '{name}' needs all three services: set '{name}__accountName', or each of '{name}__blobServiceUri', '{name}__queueServiceUri' and '{name}__tableServiceUri'.");
        }

        var credential = section["credential"];
        if (!string.IsNullOrEmpty(credential) && !string.Equals(credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"'{name}__credential' is '{credential}': the only supported value is 'managedidentity' (leave it unset for the default Azure credential chain).");
        }

        return new StorageConnection(null, blob, queue, table, string.IsNullOrEmpty(credential) ? null : "managedidentity", NullIfEmpty(section["clientId"]));
    }

    /// <summary>The token credential of the identity-based form.</summary>
    public TokenCredential CreateCredential() =>
        CredentialKind == "managedidentity"
            ? new ManagedIdentityCredential(ClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(ClientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ClientId });

    private static Uri? ServiceUri(string? accountName, string service) =>
        string.IsNullOrWhiteSpace(accountName) ? null : new Uri($"https://{accountName}.{service}.core.windows.net");

    private static Uri? ParseUri(IConfigurationSection section, string key) =>
        section[key] is { Length: > 0 } value
            ? Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"'{section.Path}__{key}' is not an absolute URI.")
            : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Never prints the connection string.</summary>
    public override string ToString() =>
        IsIdentityBased ? $"identity-based ({BlobServiceUri?.Host}, credential {CredentialKind ?? "default"})" : "connection string";
}
