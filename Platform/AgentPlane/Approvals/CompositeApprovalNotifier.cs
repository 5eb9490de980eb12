namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>
/// Notifies through every configured channel (e-mail by SMTP or pickup folder, and Slack). Every channel is
/// tried even if one fails; failures are then rethrown together so the activity retries (each channel is idempotent).
/// </summary>
public sealed class CompositeApprovalNotifier(IEnumerable<IApprovalNotifier> channels) : IApprovalNotifier
{
    private readonly IReadOnlyList<IApprovalNotifier> channels = [.. channels];

    public IReadOnlyList<IApprovalNotifier> Channels => channels;

    public async Task NotifyAsync(ApprovalNotice notice, CancellationToken cancellationToken = default)
    {
        List<Exception>? failures = null;
        foreach (var channel in channels)
        {
            try
            {
                await channel.NotifyAsync(notice, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                (failures ??= []).Add(e);
            }
        }

        if (failures is { Count: 1 })
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failures[0]).Throw();
        }

        if (failures is not null)
        {
            throw new AggregateException($"{failures.Count} approval notification channels failed.", failures);
        }
    }
}
