namespace AiNative.Platform.AgentPlane;

/// <summary>Rules for Azure Table PartitionKey/RowKey values, so caller-supplied ids never reach the service malformed.</summary>
internal static class TableKeys
{
    /// <summary>True when <paramref name="value"/> can be used as a key as-is (the service forbids / \ # ? and control characters).</summary>
    public static bool IsValid([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value, int maxLength = 255) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= maxLength
        && value.AsSpan().IndexOfAny(Forbidden) < 0
        && !value.AsSpan().ContainsAnyInRange('\u0000', '\u001F')
        && !value.AsSpan().ContainsAnyInRange('\u007F', '\u009F');

    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create("/\\#?");
}
