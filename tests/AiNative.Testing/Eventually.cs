namespace AiNative.Testing;

/// <summary>Polls until a condition holds (work that happens asynchronously in a host), failing with a message after a generous limit.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? limit = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(200);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? limit = null) =>
        GetAsync<object>(async () => await probe() ? new object() : null, what, limit);
}
