using System.Globalization;
using System.Text.Json;
using AiNative.Platform.ModelPlane;

namespace AiNative.Orchestrations.Tests.Evals;

/// <summary>
/// A deterministic model at the gateway boundary for tickets shaped "CUSTOMER amount N": answers with those two
/// fields, fails like an unreachable endpoint for tickets starting "unreachable", and records the most calls in flight.
/// </summary>
internal sealed class ConcurrencyTrackingGateway : IModelGateway
{
    private int _inFlight;
    private int _maxInFlight;
    private int _calls;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int Calls => Volatile.Read(ref _calls);

    public async Task<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        for (var seen = _maxInFlight; now > seen; seen = _maxInFlight)
        {
            Interlocked.CompareExchange(ref _maxInFlight, now, seen);
        }

        try
        {
            // Holds each call briefly so that, without a limit, the worker's parallel activities would pile up here.
            await Task.Delay(40, cancellationToken);
            var words = request.Variables["ticket"].Split(' ');
            if (words[0] == "unreachable")
            {
                throw new ModelCallException("connection refused by the model endpoint");
            }

            var output = JsonSerializer.SerializeToElement(new
            {
                customer_id = words[0],
                requested_amount = double.Parse(words[2], CultureInfo.InvariantCulture),
            });
            return new ModelResponse(output.GetRawText(), output, "fake-extractor", request.PromptId, "1.0.0", 50, 12);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
