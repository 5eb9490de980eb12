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
        var tenant = await AdmitAsync(list, options, cancellationToken).ConfigureAwait(false);
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        var used = response.Usage?.TotalTokenCount ?? ((response.Usage?.InputTokenCount ?? 0) + (response.Usage?.OutputTokenCount ?? 0));
        await budgets.ChargeAsync(tenant, used, CancellationToken.None).ConfigureAwait(false);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var tenant = await AdmitAsync(list, options, cancellationToken).ConfigureAwait(false);
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
            await budgets.ChargeAsync(tenant, reported >= 0 ? reported : counted, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private ValueTask<string> AdmitAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken) =>
        TenantAdmission.AdmitAsync(options?.AdditionalProperties, tokens.Count(messages), gatewayOptions.Value, limits, budgets, metrics, cancellationToken);
}
