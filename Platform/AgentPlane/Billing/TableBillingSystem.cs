using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using AiNative.Platform.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Billing;

/// <summary>
/// The billing system on Azure Tables (<c>BillingCustomers</c>, <c>BillingIncidents</c>, <c>BillingTickets</c>,
/// <c>BillingRefunds</c>). Money is stored as Int64 cents so no amount is ever rounded through a double.
/// </summary>
public sealed partial class TableBillingSystem : IBillingSystem
{
    public const string CustomersTable = "BillingCustomers";
    public const string IncidentsTable = "BillingIncidents";
    public const string TicketsTable = "BillingTickets";
    public const string RefundsTable = "BillingRefunds";

    // One partition per table: demo-sized data, and it keeps name and customer scans to one partition query.
    private const string CustomerPartition = "customer";
    private const string IncidentPartition = "incident";
    private const string TicketPartition = "ticket";
    private const string RefundPartition = "refund";
    private const string ProcessedStatus = "processed";
    private const string ReversedStatus = "reversed";
    private const int MaxTextLength = 2000;
    private const int MaxIdLength = 128;

    private readonly LazyTable customers;
    private readonly LazyTable incidents;
    private readonly LazyTable tickets;
    private readonly LazyTable refunds;
    private readonly BillingOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<TableBillingSystem> logger;

    public TableBillingSystem(StorageAccount storage, IOptions<BillingOptions> options, TimeProvider time, ILogger<TableBillingSystem> logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        customers = new LazyTable(storage, CustomersTable);
        incidents = new LazyTable(storage, IncidentsTable);
        tickets = new LazyTable(storage, TicketsTable);
        refunds = new LazyTable(storage, RefundsTable);
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
    }

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var customerTable = await customers.GetAsync(cancellationToken).ConfigureAwait(false);
        await customerTable.SubmitTransactionAsync(
            BillingSeed.Customers.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(c))),
            cancellationToken).ConfigureAwait(false);

        var incidentTable = await incidents.GetAsync(cancellationToken).ConfigureAwait(false);
        await incidentTable.SubmitTransactionAsync(
            BillingSeed.Incidents.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(i))),
            cancellationToken).ConfigureAwait(false);

        Log.Seeded(logger, BillingSeed.Customers.Count, BillingSeed.Incidents.Count);
    }

    public async Task<BillingAccount?> GetAccountAsync(string customerId, CancellationToken cancellationToken = default)
    {
        var customer = await GetCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
        return customer is null ? null : await LoadAccountAsync(customer, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BillingAccount?> FindAccountAsync(string? customerId, string? customerName, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(customerId)
            && await GetCustomerAsync(customerId.Trim(), cancellationToken).ConfigureAwait(false) is { } byId)
        {
            return await LoadAccountAsync(byId, cancellationToken).ConfigureAwait(false);
        }

        if (string.IsNullOrWhiteSpace(customerName))
        {
            return null;
        }

        var wanted = NormalizeName(customerName);
        var table = await customers.GetAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == CustomerPartition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var customer = ToCustomer(entity);
            if (string.Equals(NormalizeName(customer.Name), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return await LoadAccountAsync(customer, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    public async Task<RefundReceipt> IssueRefundAsync(RefundCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var cents = ValidateRefund(command);
        var customer = await GetCustomerAsync(command.CustomerId, cancellationToken).ConfigureAwait(false)
            ?? throw new BillingException($"Unknown customer '{command.CustomerId}': no refund was issued.");
        var currency = string.IsNullOrWhiteSpace(command.Currency) ? customer.Currency : command.Currency.Trim().ToUpperInvariant();
        if (!string.Equals(currency, customer.Currency, StringComparison.Ordinal))
        {
            throw new BillingException($"Refund currency {currency} does not match the account currency {customer.Currency} of customer '{customer.CustomerId}'.");
        }

        var receipt = new RefundReceipt(
            RefundIdFor(command.IdempotencyKey), customer.CustomerId, FromCents(cents), currency, command.Reason.Trim(),
            string.IsNullOrWhiteSpace(command.TicketId) ? null : command.TicketId.Trim(), command.ApprovedBy.Trim(),
            ProcessedStatus, time.GetUtcNow());
        var entity = ToEntity(receipt, command.IdempotencyKey);

        var table = await refunds.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The idempotency key is the row key: of any number of concurrent calls with one key, exactly one insert wins.
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            Log.RefundIssued(logger, receipt.RefundId, receipt.CustomerId, receipt.Amount, receipt.Currency);
            return receipt;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            var existing = ToReceipt((await table.GetEntityAsync<TableEntity>(RefundPartition, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value);
            if (existing.CustomerId != receipt.CustomerId || existing.Amount != receipt.Amount || existing.Currency != receipt.Currency)
            {
                throw new BillingException(
                    $"The idempotency key was already used for refund {existing.RefundId} ({existing.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {existing.Currency} to '{existing.CustomerId}'): a different refund needs a different key.");
            }

            Log.RefundReplayed(logger, existing.RefundId);
            return existing;
        }
    }

    public async Task<RefundReceipt> ReverseRefundAsync(string refundId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refundId);
        var table = await refunds.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            TableEntity? entity = null;
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RefundPartition} and RefundId eq {refundId}"), maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                entity = e;
                break;
            }

            if (entity is null)
            {
                throw new BillingException($"There is no refund '{refundId}' to reverse.");
            }

            if (entity.GetString("Status") == ReversedStatus)
            {
                return ToReceipt(entity);
            }

            entity["Status"] = ReversedStatus;
            entity["ReversedAt"] = time.GetUtcNow();
            entity["ReversalReason"] = Clip(reason);
            try
            {
                // ETag-conditional: two concurrent reversals cannot both act.
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                Log.RefundReversed(logger, refundId);
                return ToReceipt(entity);
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed && attempt < 3)
            {
                // Changed meanwhile: read again.
            }
        }
    }

    public async Task<IReadOnlyList<RefundReceipt>> ListRefundsAsync(string? customerId, CancellationToken cancellationToken = default)
    {
        var table = await refunds.GetAsync(cancellationToken).ConfigureAwait(false);
        var filter = customerId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {RefundPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {RefundPartition} and CustomerId eq {customerId}");
        var list = new List<RefundReceipt>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(ToReceipt(entity));
        }

        return [.. list.OrderByDescending(r => r.Timestamp).ThenBy(r => r.RefundId, StringComparer.Ordinal)];
    }

    public async Task<TicketRecord> UpsertTicketAsync(TicketUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var ticketId = update.TicketId?.Trim();
        if (!TableKeys.IsValid(ticketId, MaxIdLength))
        {
            throw new BillingException($"Invalid ticket id '{update.TicketId}': use up to {MaxIdLength} characters without / \\ # ? or control characters.");
        }

        if (update.Status is not null && !TicketStatuses.IsValid(update.Status))
        {
            throw new BillingException($"Invalid ticket status '{update.Status}': use one of {string.Join(", ", TicketStatuses.All)}.");
        }

        var table = await tickets.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(TicketPartition, ticketId, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!current.HasValue || current.Value is null)
            {
                var created = new TicketRecord(
                    ticketId, Clip(update.CustomerId), update.Status ?? TicketStatuses.Open, Clip(update.Summary),
                    Clip(update.Resolution), Clip(update.RefundId), time.GetUtcNow(), 1);
                try
                {
                    await table.AddEntityAsync(ToEntity(created), cancellationToken).ConfigureAwait(false);
                    return created;
                }
                catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
                {
                    continue;
                }
            }

            var existing = ToTicket(current.Value);
            var merged = existing with
            {
                CustomerId = Clip(update.CustomerId) ?? existing.CustomerId,
                Status = update.Status ?? existing.Status,
                Summary = Clip(update.Summary) ?? existing.Summary,
                Resolution = Clip(update.Resolution) ?? existing.Resolution,
                RefundId = Clip(update.RefundId) ?? existing.RefundId,
            };
            if (merged == existing)
            {
                // Re-applying an update (an activity retry) changes nothing, not even the revision.
                return existing;
            }

            merged = merged with { UpdatedAt = time.GetUtcNow(), Revision = existing.Revision + 1 };
            try
            {
                await table.UpdateEntityAsync(ToEntity(merged), current.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return merged;
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                continue;
            }
        }

        throw new InvalidOperationException($"Ticket '{ticketId}' is being updated concurrently; try again.");
    }

    public async Task<TicketRecord?> GetTicketAsync(string ticketId, CancellationToken cancellationToken = default)
    {
        ticketId = ticketId?.Trim()!;
        if (!TableKeys.IsValid(ticketId, MaxIdLength))
        {
            return null;
        }

        var table = await tickets.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(TicketPartition, ticketId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue && entity.Value is not null ? ToTicket(entity.Value) : null;
    }

    /// <summary>The refund id for an idempotency key: stable, so a retried call names the same refund.</summary>
    public static string RefundIdFor(string idempotencyKey) =>
        "RF-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..10];

    private long ValidateRefund(RefundCommand command)
    {
        if (string.IsNullOrWhiteSpace(command.IdempotencyKey) || command.IdempotencyKey.Length > 512)
        {
            throw new BillingException("A refund needs an idempotency key of 1 to 512 characters.");
        }

        if (string.IsNullOrWhiteSpace(command.CustomerId))
        {
            throw new BillingException("A refund needs a customer id.");
        }

        if (command.Amount <= 0)
        {
            throw new BillingException($"Refund amount must be greater than zero (got {command.Amount.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (command.Amount > options.MaxRefundAmount)
        {
            throw new BillingException(
                $"Refund amount {command.Amount.ToString(CultureInfo.InvariantCulture)} exceeds the maximum single refund of {options.MaxRefundAmount.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (decimal.Round(command.Amount, 2) != command.Amount)
        {
            throw new BillingException($"Refund amount {command.Amount.ToString(CultureInfo.InvariantCulture)} has more than two decimals.");
        }

        if (string.IsNullOrWhiteSpace(command.Reason) || command.Reason.Length > MaxTextLength)
        {
            throw new BillingException($"A refund needs a reason of 1 to {MaxTextLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(command.ApprovedBy) || command.ApprovedBy.Length > 256)
        {
            throw new BillingException("A refund needs ApprovedBy (who or what approved it), up to 256 characters.");
        }

        if (command.TicketId is { Length: > MaxIdLength })
        {
            throw new BillingException($"Ticket id is longer than {MaxIdLength} characters.");
        }

        return (long)(command.Amount * 100);
    }

    private async Task<BillingCustomer?> GetCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(customerId, MaxIdLength))
        {
            return null;
        }

        var table = await customers.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(CustomerPartition, customerId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue && entity.Value is not null ? ToCustomer(entity.Value) : null;
    }

    private async Task<BillingAccount> LoadAccountAsync(BillingCustomer customer, CancellationToken cancellationToken)
    {
        var table = await incidents.GetAsync(cancellationToken).ConfigureAwait(false);
        var affecting = new List<BillingIncident>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == IncidentPartition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var incident = ToIncident(entity);
            if (incident.AffectedCustomerIds.Contains(customer.CustomerId, StringComparer.Ordinal))
            {
                affecting.Add(incident);
            }
        }

        var refundList = await ListRefundsAsync(customer.CustomerId, cancellationToken).ConfigureAwait(false);
        return new BillingAccount(customer, [.. affecting.OrderByDescending(i => i.Date)], refundList);
    }

    private static string NormalizeName(string name) => string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? Clip(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Length <= MaxTextLength ? value.Trim() : value[..MaxTextLength].Trim();

    private static decimal FromCents(long cents) => cents / 100m;

    private static string RefundRowKey(string idempotencyKey) =>
        TableKeys.IsValid(idempotencyKey)
            ? idempotencyKey
            : "~" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));

    private static TableEntity ToEntity(BillingCustomer c) => new(CustomerPartition, c.CustomerId)
    {
        ["Name"] = c.Name,
        ["Plan"] = c.Plan,
        ["MonthlyFeeCents"] = (long)(c.MonthlyFee * 100),
        ["Currency"] = c.Currency,
        ["Email"] = c.Email,
    };

    private static BillingCustomer ToCustomer(TableEntity e) => new(
        e.RowKey, e.GetString("Name") ?? "", e.GetString("Plan") ?? "", FromCents(e.GetInt64("MonthlyFeeCents") ?? 0),
        e.GetString("Currency") ?? "", e.GetString("Email") ?? "");

    private static TableEntity ToEntity(BillingIncident i) => new(IncidentPartition, i.IncidentId)
    {
        ["Title"] = i.Title,
        ["Date"] = i.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["DowntimeHours"] = i.DowntimeHours,
        ["AffectedCustomerIds"] = string.Join(',', i.AffectedCustomerIds),
    };

    private static BillingIncident ToIncident(TableEntity e) => new(
        e.RowKey, e.GetString("Title") ?? "",
        DateOnly.ParseExact(e.GetString("Date") ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
        e.GetDouble("DowntimeHours") ?? 0,
        (e.GetString("AffectedCustomerIds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries));

    private static TableEntity ToEntity(RefundReceipt r, string idempotencyKey) => new(RefundPartition, RefundRowKey(idempotencyKey))
    {
        ["IdempotencyKey"] = idempotencyKey,
        ["RefundId"] = r.RefundId,
        ["CustomerId"] = r.CustomerId,
        ["AmountCents"] = (long)(r.Amount * 100),
        ["Currency"] = r.Currency,
        ["Reason"] = r.Reason,
        ["TicketId"] = r.TicketId,
        ["ApprovedBy"] = r.ApprovedBy,
        ["Status"] = r.Status,
        ["IssuedAt"] = r.Timestamp,
    };

    private static RefundReceipt ToReceipt(TableEntity e) => new(
        e.GetString("RefundId") ?? "", e.GetString("CustomerId") ?? "", FromCents(e.GetInt64("AmountCents") ?? 0),
        e.GetString("Currency") ?? "", e.GetString("Reason") ?? "", e.GetString("TicketId"), e.GetString("ApprovedBy") ?? "",
        e.GetString("Status") ?? "", e.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue);

    private static TableEntity ToEntity(TicketRecord t) => new(TicketPartition, t.TicketId)
    {
        ["CustomerId"] = t.CustomerId,
        ["Status"] = t.Status,
        ["Summary"] = t.Summary,
        ["Resolution"] = t.Resolution,
        ["RefundId"] = t.RefundId,
        ["UpdatedAt"] = t.UpdatedAt,
        ["Revision"] = t.Revision,
    };

    private static TicketRecord ToTicket(TableEntity e) => new(
        e.RowKey, e.GetString("CustomerId"), e.GetString("Status") ?? TicketStatuses.Open, e.GetString("Summary"),
        e.GetString("Resolution"), e.GetString("RefundId"), e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        e.GetInt32("Revision") ?? 0);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Seeded the billing system: {Customers} customers, {Incidents} incidents")]
        public static partial void Seeded(ILogger logger, int customers, int incidents);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Issued refund {RefundId} to {CustomerId}: {Amount} {Currency}")]
        public static partial void RefundIssued(ILogger logger, string refundId, string customerId, decimal amount, string currency);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Refund {RefundId} was already issued for this idempotency key; returning the recorded receipt")]
        public static partial void RefundReplayed(ILogger logger, string refundId);

        [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Reversed refund {RefundId}")]
        public static partial void RefundReversed(ILogger logger, string refundId);
    }
}
