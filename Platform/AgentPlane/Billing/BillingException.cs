namespace AiNative.Platform.AgentPlane.Billing;

/// <summary>A billing request the system refuses (invalid input, unknown customer); retrying it will not help.</summary>
public sealed class BillingException : Exception
{
    public BillingException()
    {
    }

    public BillingException(string message) : base(message)
    {
    }

    public BillingException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
