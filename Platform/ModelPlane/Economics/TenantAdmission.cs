using AiNative.Platform.ModelPlane.Gateway;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Economics;

/// <summary>The tenant checks shared by the chat and embedding quota stages: requests and tokens per minute, then the token budget.</summary>
internal static class TenantAdmission
{
    /// <summary>Returns the tenant (empty when the call names none) or throws <see cref="QuotaExceededException"/>.</summary>
    public static async ValueTask<string> AdmitAsync(AdditionalPropertiesDictionary? properties, long estimatedTokens, GatewayOptions options, RateLimits limits, TokenBudgets budgets, GatewayMetrics metrics, CancellationToken cancellationToken)
    {
        var tenant = properties?.TryGetValue(ModelGateway.TenantProperty, out var t) == true && t is string s ? s : "";
        var quota = options.For(tenant);
        try
        {
            if (limits.TryAcquire("tenant:" + tenant, "requests", quota.RequestsPerMinute, 1) is { } requestWait)
            {
                throw new QuotaExceededException($"Tenant '{tenant}' is over its {quota.RequestsPerMinute} requests per minute.", "requests", requestWait);
            }

            if (limits.TryAcquire("tenant:" + tenant, "tokens", quota.TokensPerMinute, (int)Math.Min(int.MaxValue, estimatedTokens)) is { } tokenWait)
            {
                throw new QuotaExceededException($"Tenant '{tenant}' is over its {quota.TokensPerMinute} tokens per minute.", "tokens", tokenWait);
            }

            await budgets.EnsureAvailableAsync(tenant, estimatedTokens, cancellationToken).ConfigureAwait(false);
        }
        catch (QuotaExceededException e)
        {
            metrics.RecordRejection(tenant, e.Quota);
            throw;
        }

        return tenant;
    }
}
