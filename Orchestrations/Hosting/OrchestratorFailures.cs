using AiNative.Platform.Governance;
using AiNative.Platform.Governance.Pii;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Hosting;

/// <summary>
/// What an orchestrator's own code throws leaves PII-redacted, under both hosts: Durable records it as the run's failure
/// details (the API's <c>failure</c>, a parent's history). Every orchestrator body runs through <see cref="Redacted{T}"/>.
/// </summary>
public static class OrchestratorFailures
{
    // Orchestrators get no services: the default patterns are what the configured redactor applies to failures too (its
    // keys only matter for the hash and encrypt operators).
    private static readonly Lazy<IPiiRedactor> Redactor = new(() => new RegexPiiRedactor());

    /// <summary>
    /// Runs <paramref name="body"/>; an exception it throws is rethrown with its messages redacted (type kept, see
    /// <see cref="PiiExceptionRedaction"/>). Deterministic, and only on the way out of a run that has failed. Activity and
    /// sub-orchestration failures (<see cref="TaskFailedException"/>) were redacted where they were thrown and keep their
    /// failure chain.
    /// </summary>
    public static async Task<T> Redacted<T>(Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body();
        }
        catch (Exception e) when (e is not TaskFailedException)
        {
            if (PiiExceptionRedaction.Redact(e, Redactor.Value) is { } redacted)
            {
                throw redacted;
            }

            throw;
        }
    }
}
