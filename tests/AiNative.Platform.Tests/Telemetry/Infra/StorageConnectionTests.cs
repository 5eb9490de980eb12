using AiNative.Platform.Storage;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace AiNative.Platform.Tests.Telemetry.Infra;

public class StorageConnectionTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    // Environment variables use "__" as the section separator; the configuration system maps it to ":".
    private static IConfiguration Environment(params (string Key, string Value)[] values) =>
        Config(values.Select(v => (v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value)).ToArray());

    [Fact]
    public void Reads_a_connection_string_when_the_setting_is_one()
    {
        var connection = StorageConnection.FromConfiguration(Config(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.False(connection.IsIdentityBased);
        Assert.Equal("UseDevelopmentStorage=true", connection.ConnectionString);
    }

    [Fact]
    public void Derives_the_three_endpoints_from_the_account_name_with_a_user_assigned_identity()
    {
        var connection = StorageConnection.FromConfiguration(Environment(
            ("AzureWebJobsStorage__accountName", "stabc123"),
            ("AzureWebJobsStorage__credential", "managedidentity"),
            ("AzureWebJobsStorage__clientId", "00000000-0000-0000-0000-000000000001")));

        Assert.True(connection.IsIdentityBased);
        Assert.Equal(new Uri("https://stabc123.blob.core.windows.net"), connection.BlobServiceUri);
        Assert.Equal(new Uri("https://stabc123.queue.core.windows.net"), connection.QueueServiceUri);
        Assert.Equal(new Uri("https://stabc123.table.core.windows.net"), connection.TableServiceUri);
        Assert.Equal("managedidentity", connection.CredentialKind);
        Assert.Equal("00000000-0000-0000-0000-000000000001", connection.ClientId);
        Assert.IsType<ManagedIdentityCredential>(connection.CreateCredential());
    }

    [Fact]
    public void Uses_the_default_credential_chain_when_no_credential_is_named()
    {
        var connection = StorageConnection.FromConfiguration(Environment(
            ("AzureWebJobsStorage__blobServiceUri", "https://acct.blob.example.net"),
            ("AzureWebJobsStorage__queueServiceUri", "https://acct.queue.example.net"),
            ("AzureWebJobsStorage__tableServiceUri", "https://acct.table.example.net")));

        Assert.Equal(new Uri("https://acct.queue.example.net"), connection.QueueServiceUri);
        Assert.Null(connection.CredentialKind);
        Assert.IsType<DefaultAzureCredential>(connection.CreateCredential());
    }

    [Fact]
    public void Builds_clients_on_the_identity_endpoints_without_any_key()
    {
        var connection = StorageConnection.FromConfiguration(Environment(
            ("AzureWebJobsStorage__accountName", "stabc123"),
            ("AzureWebJobsStorage__credential", "managedidentity")));

        var account = StorageAccount.Create(connection);

        Assert.Null(account.ConnectionString);
        Assert.Equal("stabc123", account.Blobs.AccountName);
        Assert.Equal(new Uri("https://stabc123.queue.core.windows.net/"), account.Queues.Uri);
        Assert.Equal("stabc123", account.Tables.AccountName);
    }

    [Fact]
    public void Fails_naming_the_settings_when_nothing_is_configured()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Config()));

        Assert.Contains("'AzureWebJobsStorage'", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_only_some_service_endpoints_are_given()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Environment(
            ("AzureWebJobsStorage__blobServiceUri", "https://acct.blob.example.net"))));

        Assert.Contains("AzureWebJobsStorage__queueServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_unknown_credential_kind()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Environment(
            ("AzureWebJobsStorage__accountName", "stabc123"),
            ("AzureWebJobsStorage__credential", "connectionstring"))));

        Assert.Contains("managedidentity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_prints_the_connection_string()
    {
        var connection = StorageConnection.FromConfiguration(Config(("AzureWebJobsStorage", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0")));

        Assert.DoesNotContain("c2VjcmV0", connection.ToString(), StringComparison.Ordinal);
    }
}
