namespace AiNative.Cli;

/// <summary>Process exit codes: what a CI step keys on.</summary>
public static class ExitCodes
{
    /// <summary>The command succeeded; for <c>eval run</c>, every threshold passed.</summary>
    public const int Success = 0;

    /// <summary><c>eval run</c> finished but the suite missed a threshold: the CI gate fails.</summary>
    public const int GateFailed = 1;

    /// <summary>Bad arguments or configuration (unknown suite, invalid catalog, missing setting): nothing was evaluated.</summary>
    public const int UsageError = 2;

    /// <summary>An unexpected failure while running.</summary>
    public const int InternalError = 3;

    /// <summary>A JSONL command (<c>pii detect</c>, <c>pii redact</c>, ...) finished, but malformed input lines were reported on stderr and skipped.</summary>
    public const int LinesSkipped = 4;
}
