using System.Diagnostics;
using AiNative.Platform.Governance.Pii;
using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Prompts;
using AiNative.Platform.Telemetry;
using AiNative.Platform.Tests.ModelPlane;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace AiNative.Platform.Tests.Telemetry;

/// <summary>Prompt and completion content on GenAI spans: none by default, redacted through the PII redactor when switched on.</summary>
public sealed class ContentCaptureTests
{
    private const string Email = "jane.doe@contoso-mail.example";
    private const string Phone = "+1 415 555 0142";
    private static readonly string Ticket = $"ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250. Reach me at {Email} or {Phone}.";

    [Fact]
    public async Task Captured_content_is_redacted()
    {
        var chat = await RunModelCallAsync(captureContent: true);

        var input = chat.GetTagItem("gen_ai.input.messages") as string;
        var output = chat.GetTagItem("gen_ai.output.messages") as string;
        Assert.NotNull(input);
        Assert.NotNull(output);
        Assert.Contains("INC-789", input, StringComparison.Ordinal);
        Assert.All(new[] { input, output }, text =>
        {
            Assert.DoesNotContain(Email, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("555 0142", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Content_is_not_captured_by_default()
    {
        var chat = await RunModelCallAsync(captureContent: null);

        Assert.All(GenAiContentProcessor.ContentAttributes, attribute => Assert.Null(chat.GetTagItem(attribute)));
        Assert.NotNull(chat.GetTagItem("gen_ai.request.model"));
        Assert.DoesNotContain(chat.TagObjects, t => (t.Value?.ToString() ?? "").Contains(Email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Content_is_dropped_when_capture_is_off_or_no_redactor_is_registered()
    {
        using var span = new Activity("chat test").Start();
        span.SetTag("gen_ai.input.messages", $"[{{\"role\":\"user\",\"parts\":[{{\"type\":\"text\",\"content\":\"{Email}\"}}]}}]");
        span.Stop();

        new GenAiContentProcessor(null, capture: true).OnEnd(span);

        Assert.Null(span.GetTagItem("gen_ai.input.messages"));
    }

    /// <summary>One real model call (offline model) through the gateway's pipeline, with the hosts' telemetry wiring.</summary>
    private static async Task<Activity> RunModelCallAsync(bool? captureContent)
    {
        var settings = new Dictionary<string, string?> { ["AiNative:CatalogDirectory"] = ModelPlaneTestSupport.FindCatalog() };
        if (captureContent is { } capture)
        {
            settings["Telemetry:CaptureContent"] = capture ? "true" : "false";
        }

        var spans = new List<Activity>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOptions<PlatformOptions>().Bind(builder.Configuration.GetSection(PlatformOptions.Section));
        builder.Services.AddModelPlane(builder.Configuration);
        builder.Services.AddSingleton<IPiiRedactor, RegexPiiRedactor>();
        builder.Services.AddAiNativeTelemetry(builder.Configuration, "content-capture-test").WithTracing(t => t.AddInMemoryExporter(spans));
        using var host = builder.Build();
        await host.StartAsync();
        var marker = "capture-" + Guid.NewGuid().ToString("N");
        using (var root = PlatformTelemetry.Source.StartActivity(marker))
        {
            await host.Services.GetRequiredService<IModelGateway>().CompleteAsync(new ModelRequest("extract-ticket-info", new Dictionary<string, string> { ["ticket"] = Ticket }));
        }

        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        await host.StopAsync();
        var rootSpan = Assert.Single(spans, s => s.DisplayName == marker);
        return Assert.Single(spans, s => s.TraceId == rootSpan.TraceId && (string?)s.GetTagItem("gen_ai.operation.name") == "chat");
    }
}
