namespace AiNative.Platform.ModelPlane.Resilience;

/// <summary>Breaker states, as reported in the <c>ainative.gateway.breaker.state</c> metric (0, 1, 2).</summary>
public enum CircuitState
{
    Closed = 0,
    Open = 1,
    HalfOpen = 2,
}

/// <summary>
/// The seed's breaker for one model: more than <see cref="ResilienceOptions.BreakerFailureRatio"/> failed calls within
/// <see cref="ResilienceOptions.BreakerWindow"/> opens it; after <see cref="ResilienceOptions.BreakerCooldown"/> one trial
/// call is let through (half-open) and its outcome closes or re-opens it.
/// </summary>
public sealed class CircuitBreaker(string model, ResilienceOptions options, TimeProvider time)
{
    // Outcomes counted in buckets of window/60: O(1) per call and bounded memory whatever the traffic.
    private const int Buckets = 60;
    private readonly Queue<Bucket> outcomes = new();
    private int calls;
    private int failures;
    private Bucket? current;
    private readonly Lock gate = new();
    private CircuitState state;
    private DateTimeOffset openedAt;
    private bool trialInFlight;

    public string Model { get; } = model;

    /// <summary>Raised on every state change (old, new); the gateway logs an alert and counts it.</summary>
    public event Action<CircuitBreaker, CircuitState, CircuitState>? StateChanged;

    public CircuitState State
    {
        get
        {
            lock (gate)
            {
                return Current();
            }
        }
    }

    /// <summary>True when a call may go to the model now (closed, or the one trial call of half-open).</summary>
    public bool TryAcquire()
    {
        lock (gate)
        {
            switch (Current())
            {
                case CircuitState.Closed:
                    return true;
                case CircuitState.HalfOpen when !trialInFlight:
                    trialInFlight = true;
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>When an open breaker lets the next trial call through.</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            lock (gate)
            {
                var left = openedAt + options.BreakerCooldown - time.GetUtcNow();
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    public void Record(bool failed)
    {
        CircuitState before, after;
        lock (gate)
        {
            before = Current();
            var now = time.GetUtcNow();
            if (before == CircuitState.HalfOpen)
            {
                trialInFlight = false;
                Reset();
                if (failed)
                {
                    Open(now);
                }
                else
                {
                    state = CircuitState.Closed;
                }
            }
            else if (before == CircuitState.Closed)
            {
                Trim(now);
                var width = options.BreakerWindow / Buckets;
                if (current is null || now - current.Start >= width)
                {
                    current = new Bucket(now);
                    outcomes.Enqueue(current);
                }

                var bucket = current;
                bucket.Calls++;
                calls++;
                if (failed)
                {
                    bucket.Failures++;
                    failures++;
                }

                if (calls >= options.BreakerMinimumCalls && failures > options.BreakerFailureRatio * calls)
                {
                    Reset();
                    Open(now);
                }
            }

            after = Current();
        }

        if (before != after)
        {
            StateChanged?.Invoke(this, before, after);
        }
    }

    /// <summary>Releases a half-open trial whose call ended without telling anything about the model's health.</summary>
    public void Release()
    {
        lock (gate)
        {
            trialInFlight = false;
        }
    }

    private void Open(DateTimeOffset now)
    {
        state = CircuitState.Open;
        openedAt = now;
    }

    private CircuitState Current()
    {
        if (state == CircuitState.Open && time.GetUtcNow() >= openedAt + options.BreakerCooldown)
        {
            state = CircuitState.HalfOpen;
            trialInFlight = false;
        }

        return state;
    }

    private void Trim(DateTimeOffset now)
    {
        while (outcomes.Count > 0 && outcomes.Peek().Start < now - options.BreakerWindow)
        {
            var old = outcomes.Dequeue();
            calls -= old.Calls;
            failures -= old.Failures;
            if (ReferenceEquals(old, current))
            {
                current = null;
            }
        }
    }

    private void Reset()
    {
        outcomes.Clear();
        current = null;
        calls = 0;
        failures = 0;
    }

    private sealed class Bucket(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Calls { get; set; }

        public int Failures { get; set; }
    }
}
