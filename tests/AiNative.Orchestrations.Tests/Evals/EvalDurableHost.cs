using System.Globalization;
using System.Text;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform.Evals;
using AiNative.Platform.Evals.Catalog;
using AiNative.Platform.ModelPlane;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiNative.Orchestrations.Tests.Evals;

/// <summary>
/// The product's durable functions on the in-process test host with the eval services over a temporary catalog and
/// a fake model gateway: the orchestration's fan-out, retries and status are real, only the model is not.
/// </summary>
public sealed class EvalDurableHost : IAsyncLifetime
{
    private readonly string _catalog = Path.Combine(Path.GetTempPath(), "ainative-eval-orch-" + Path.GetRandomFileName());
    private DurableTaskTestHost? _host;

    internal ConcurrencyTrackingGateway Gateway { get; } = new();

    public DurableTaskClient Client => _host!.Client;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_catalog);
        await File.WriteAllTextAsync(Path.Combine(_catalog, "twenty.yaml"), TwentyTicketSuite());
        await File.WriteAllTextAsync(Path.Combine(_catalog, "three.yaml"), ThreeTicketSuite);
        var catalog = EvalCatalog.Load(_catalog);
        _host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddAiNativeFunctions(),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)),
                ConfigureServices = services =>
                {
                    services.AddSingleton(catalog);
                    services.AddSingleton<IModelGateway>(Gateway);
                    services.AddSingleton(TimeProvider.System);
                    services.AddSingleton<EvalService>();
                },
            });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Directory.Delete(_catalog, recursive: true);
    }

    /// <summary>
    /// Twenty tickets: cases 4 and 11 expect an amount one off what the ticket says (score 0.5 each), case 17's model
    /// call fails (score 0). Overall 18/20 = 0.9, 17 cases passed, and three failed cases exceed the maximum of two.
    /// </summary>
    private static string TwentyTicketSuite()
    {
        var yaml = new StringBuilder("""
            id: twenty
            version: 4.2.0
            prompt: extract-ticket-info
            input_variable: ticket
            scorers:
              - field: customer_id
                type: exact
              - field: requested_amount
                type: numeric
            thresholds:
              overall_min_score: 0.9
              max_failed_cases: 2
            cases:

            """);
        for (var i = 1; i <= 20; i++)
        {
            var customer = string.Create(CultureInfo.InvariantCulture, $"C1{i:0000}");
            var amount = i * 10;
            var expected = i is 4 or 11 ? amount + 1 : amount;
            var prefix = i == 17 ? "unreachable" : customer;
            yaml.Append(CultureInfo.InvariantCulture,
                $"  - id: t{i:00}\n    input: \"{prefix} amount {amount}\"\n    expected: {{ customer_id: {customer}, requested_amount: {expected} }}\n");
        }

        return yaml.ToString();
    }

    private const string ThreeTicketSuite = """
        id: three
        version: 1.0.0
        prompt: extract-ticket-info
        input_variable: ticket
        scorers:
          - field: customer_id
            type: exact
          - field: requested_amount
            type: numeric
        thresholds:
          overall_min_score: 1
          max_failed_cases: 0
        cases:
          - { id: a, input: "C20001 amount 12.5", expected: { customer_id: C20001, requested_amount: 12.5 } }
          - { id: b, input: "C20002 amount 0", expected: { customer_id: C20002, requested_amount: 0 } }
          - { id: c, input: "C20003 amount 99", expected: { customer_id: C20003, requested_amount: 99 } }
        """;
}
