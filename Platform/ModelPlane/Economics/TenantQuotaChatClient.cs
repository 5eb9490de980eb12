using System.Runtime.CompilerServices;
using AiNative.Platform.ModelPlane.Gateway;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane.Economics;

/// <summary>
/// Pipeline stage outside routing: the tenant's requests/tokens per minute and token budget. It sits outside the
/// fallback loop on purpose: every attempt of a call is charged to one budget, so falling back cannot bypass it.
/// </summary>
public sealed class TenantQuotaChatClient(IChatClient inner, IOptions<GatewayOptions> gatewayOptions, RateLimits limits, TokenBudgets budgets, TokenCounter tokens, GatewayMetrics metrics)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var tenant = Admit(list, options);
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        budgets.Charge(tenant, response.Usage?.TotalTokenCount ?? ((response.Usage?.InputTokenCount ?? 0) + (response.Usage?.OutputTokenCount ?? 0)));
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var tenant = Admit(list, options);
        long counted = tokens.Count(list), reported = -1;
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
            {
                counted += tokens.Count(update.Text);
                if (update.Contents.OfType<UsageContent>().FirstOrDefault() is { } usage)
                {
                    reported = usage.Details.TotalTokenCount ?? ((usage.Details.InputTokenCount ?? 0) + (usage.Details.OutputTokenCount ?? 0));
                }

                yield return update;
            }
        }
        finally
        {
            // Charged even when the caller stops early: the model produced those tokens.
            budgets.Charge(tenant, reported >= 0 ? reported : counted);
        }
    }

    private string Admit(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var tenant = options?.AdditionalProperties?.TryGetValue(ModelGateway.TenantProperty, out var t) == true && t is string s ? s : "";
        var quota = gatewayOptions.Value.For(tenant);
        var estimate = tokens.Count(messages);
        try
        {
            if (limits.TryAcquire("tenant:" + tenant, "requests", quota.RequestsPerMinute, 1) is { } requestWait)
            {
                throw new QuotaExceededException($"Tenant '{tenant}' is over its {quota.RequestsPerMinute} requests per minute.", "requests", requestWait);
            }

            if (limits.TryAcquire("tenant:" + tenant, "tokens", quota.TokensPerMinute, estimate) is { } tokenWait)
            {
                throw new QuotaExceededException($"Tenant '{tenant}' is over its {quota.TokensPerMinute} tokens per minute.", "tokens", tokenWait);
            }

            budgets.EnsureAvailable(tenant, estimate);
        }
        catch (QuotaExceededException e)
        {
            metrics.RecordRejection(tenant, e.Quota);
            throw;
        }

        return tenant;
    }
}
