namespace AiNative.Cli.Hosting;

/// <summary>A problem with the arguments or the configuration, reported as one clear message and exit code 2.</summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException() { }

    public CliUsageException(string message) : base(message) { }

    public CliUsageException(string message, Exception inner) : base(message, inner) { }
}
