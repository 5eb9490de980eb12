using System.Globalization;
using AiNative.Platform.Storage;
using Azure;
using Azure.Data.Tables;

namespace AiNative.Platform.ModelPlane.Economics;

/// <summary>
/// Tokens used per tenant and budget period in the Azure Table <c>tokenbudgets</c>, shared by every gateway instance.
/// Additions are ETag-conditional (read, add, replace if unchanged; retry on conflict), so concurrent instances never
/// lose each other's charges.
/// </summary>
public sealed class TokenBudgetLedger(StorageAccount storage)
{
    public const string TableName = "tokenbudgets";

    private const int MaxAttempts = 20;

    private TableClient? table;

    /// <summary>Tokens charged to the tenant in the period (0 when nothing was charged yet).</summary>
    public async Task<long> ReadAsync(string tenant, string period, CancellationToken cancellationToken)
    {
        var client = await TableAsync(cancellationToken).ConfigureAwait(false);
        var found = await client.GetEntityIfExistsAsync<TableEntity>(Key(tenant), period, ["Tokens"], cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value!.GetInt64("Tokens") ?? 0 : 0;
    }

    /// <summary>Adds <paramref name="tokens"/> to the tenant's period and returns the new total.</summary>
    public async Task<long> AddAsync(string tenant, string period, long tokens, CancellationToken cancellationToken)
    {
        var client = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = Key(tenant);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var found = await client.GetEntityIfExistsAsync<TableEntity>(partition, period, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!found.HasValue)
                {
                    await client.AddEntityAsync(new TableEntity(partition, period) { ["Tokens"] = tokens }, cancellationToken).ConfigureAwait(false);
                    return tokens;
                }

                var entity = found.Value!;
                var total = (entity.GetInt64("Tokens") ?? 0) + tokens;
                entity["Tokens"] = total;
                await client.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return total;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance charged the same tenant in between: read again and retry, after a short jitter.
                await Task.Delay(Random.Shared.Next(1, 10 * (attempt + 1)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Table keys may not hold / \ # ? or control characters; tenant names come from configuration but stay safe anyway.
    private static string Key(string tenant) => tenant.Length == 0 ? "_" : Uri.EscapeDataString(tenant);

    private async Task<TableClient> TableAsync(CancellationToken cancellationToken) =>
        table ??= await storage.TableAsync(TableName, cancellationToken).ConfigureAwait(false);

    /// <summary>The row key of a budget period: its length and number, so changing the period length starts fresh rows.</summary>
    public static string PeriodKey(TimeSpan length, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{length.Ticks:D20}-{number:D12}");
}
