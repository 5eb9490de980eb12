using AiNative.Cli;

return await AinativeCli.RunAsync(args, Console.Out, Console.Error);
