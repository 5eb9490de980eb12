using AiNative.Api;
using AiNative.Platform;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddAiNativePlatform(builder.Configuration);
builder.Services.AddAiNativeApi();
builder.Build().Run();
