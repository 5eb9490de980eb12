using Microsoft.Extensions.Logging;

namespace AiNative.Platform.Evals;

/// <summary>Source-generated log messages of the eval service (ids 4000-4099). Case inputs and answers are never logged.</summary>
internal static partial class EvalsLog
{
    [LoggerMessage(4000, LogLevel.Debug, "Eval {SuiteId}/{CaseId} scored {Score:0.000} (passed: {Passed})")]
    public static partial void CaseEvaluated(ILogger logger, string suiteId, string caseId, double score, bool passed);

    [LoggerMessage(4001, LogLevel.Warning, "Eval {SuiteId}/{CaseId}: the model call failed; the case counts as failed")]
    public static partial void ModelCallFailed(ILogger logger, string suiteId, string caseId, Exception exception);

    [LoggerMessage(4002, LogLevel.Information, "Eval run {SuiteId}@{SuiteVersion}: score {Score:0.000}, {PassedCases}/{TotalCases} cases passed, gate passed: {Passed}")]
    public static partial void RunSummarized(ILogger logger, string suiteId, string suiteVersion, double score, int passedCases, int totalCases, bool passed);
}
