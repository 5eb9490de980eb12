using AiNative.Api;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform;
using AiNative.Platform.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ActivityTelemetryMiddleware>();
// Inside the telemetry middleware, so the span and Durable's history both get the PII-redacted failure.
builder.UseWhen<ActivityFailureRedactionMiddleware>(ActivityFailureRedactionMiddleware.IsActivityInvocation);
builder.Services.AddAiNativePlatform(builder.Configuration);
builder.Services.AddAiNativeApi();
builder.Services.AddAiNativeTelemetry(builder.Configuration, "ainative-functions").UseFunctionsWorkerDefaults();
// Log output that bypasses OpenTelemetry (the worker's channel to the host, console) passes the same PII redaction.
builder.Logging.RedactPii();
builder.Build().Run();
