using AiNative.Standalone;

// The README's first command: `dotnet run --project Standalone`.
try
{
    await using var host = await StandaloneHost.StartAsync(args);
    Console.WriteLine($$"""

        AiNative platform running on {{host.Url}}
          health:          {{host.Url}}/api/health
          start a run:     curl -X POST {{host.Url}}/api/agents/billing-resolution/runs -H 'Content-Type: application/json' -d '{"input": "..."}'
          approval e-mail: {{host.MailPickupDirectory}}
        Press Ctrl+C to stop.

        """);
    await host.App.WaitForShutdownAsync();
    return 0;
}
catch (InvalidOperationException e) when (e.Message.Contains("Node.js", StringComparison.Ordinal) || e.Message.Contains("Azurite", StringComparison.Ordinal))
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    Console.Error.WriteLine($"error: {e.Message.TrimEnd('.')}. Another process uses that port: stop it, or choose another with --urls http://127.0.0.1:PORT.");
    return 1;
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    Console.Error.WriteLine($"error: configuration is not valid: {string.Join("; ", e.Failures)}");
    return 2;
}
