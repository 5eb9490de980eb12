using AiNative.Testing;

namespace AiNative.Platform.Tests.Storage;

public sealed class AzuriteLauncherTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Started_azurite_serves_tables_blobs_and_queues()
    {
        var account = azurite.Account;

        var table = await account.TableAsync("probe");
        await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("p", "r") { ["v"] = 42 });
        var container = await account.ContainerAsync("probe");
        await container.UploadBlobAsync("b.txt", BinaryData.FromString("hello"));
        var queue = await account.QueueAsync("probe");
        await queue.SendMessageAsync("m");

        Assert.Equal(42, (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("p", "r")).Value.GetInt32("v"));
        Assert.Equal("hello", (await container.GetBlobClient("b.txt").DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal("m", (await queue.ReceiveMessageAsync()).Value.MessageText);
    }
}
