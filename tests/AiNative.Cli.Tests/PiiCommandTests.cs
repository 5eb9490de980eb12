using System.Diagnostics;
using System.Text.Json;

namespace AiNative.Cli.Tests;

public sealed class PiiCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ainative-pii-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Detect_writes_entities_with_utf16_offsets_and_reports_malformed_lines_with_exit_code_4()
    {
        var input = Write("in.jsonl",
            """{"id":"a","text":"😀 Mail jane.doe@example.com or call (415) 555-0132"}""",
            "{not json",
            """{"id":"b"}""",
            """{"id":7,"text":"Order 1234567890123456 shipped on 2026-01-15, version 1.2.3.4"}""");
        var output = Path.Combine(folder, "out.jsonl");

        var run = await CliRun.RunAsync(null, "pii", "detect", "--input", input, "--output", output);

        Assert.Equal(ExitCodes.LinesSkipped, run.ExitCode);
        Assert.Contains($"{input}:2: skipped: not valid JSON", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{input}:3: skipped: \"text\" is missing", run.Error, StringComparison.Ordinal);
        var lines = ReadLines(output);
        Assert.Equal(2, lines.Count);
        var text = "😀 Mail jane.doe@example.com or call (415) 555-0132";
        var entities = lines[0].GetProperty("entities").EnumerateArray().ToList();
        Assert.Equal("a", lines[0].GetProperty("id").GetString());
        Assert.Equal(["EMAIL_ADDRESS", "PHONE_NUMBER"], entities.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("jane.doe@example.com", text[entities[0].GetProperty("start").GetInt32()..entities[0].GetProperty("end").GetInt32()]);
        Assert.Equal(8, entities[0].GetProperty("start").GetInt32()); // the emoji is two UTF-16 code units
        Assert.InRange(entities[1].GetProperty("score").GetDouble(), 0.5, 1.0);
        Assert.Equal("7", lines[1].GetProperty("id").GetString());
        Assert.Empty(lines[1].GetProperty("entities").EnumerateArray()); // hard negatives: order number, date, version
    }

    [Fact]
    public async Task Redact_replaces_by_default_and_masks_on_request_with_exit_code_0()
    {
        var input = Write("in.jsonl", """{"id":"t1","text":"Card 4111 1111 1111 1111, SSN 536-22-1234, IBAN DE89 3704 0044 0532 0130 00"}""");
        var replaced = Path.Combine(folder, "replaced.jsonl");
        var masked = Path.Combine(folder, "masked.jsonl");

        var replace = await CliRun.RunAsync(null, "pii", "redact", "--input", input, "--output", replaced);
        var mask = await CliRun.RunAsync(null, "pii", "redact", "--input", input, "--output", masked, "--operator", "mask");

        Assert.Equal(ExitCodes.Success, replace.ExitCode);
        Assert.Equal(ExitCodes.Success, mask.ExitCode);
        var line = Assert.Single(ReadLines(replaced));
        Assert.Equal("Card <CREDIT_CARD>, SSN <US_SSN>, IBAN <IBAN_CODE>", line.GetProperty("text").GetString());
        Assert.Equal(3, line.GetProperty("entities").GetArrayLength());
        Assert.Equal("Card **** **** **** 1111, SSN ***-**-1234, IBAN **** **** **** **** **30 00", Assert.Single(ReadLines(masked)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Hash_without_a_key_is_a_usage_error_naming_the_setting()
    {
        var input = Write("in.jsonl", """{"id":"a","text":"jane@example.com"}""");

        var run = await CliRun.RunAsync(null, "pii", "redact", "--input", input, "--output", Path.Combine(folder, "out.jsonl"), "--operator", "hash");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("Guardrails__Pii__HashKey", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_hash_gives_stable_pseudonyms_and_encrypt_round_trips_through_decrypt()
    {
        var input = Write("in.jsonl",
            """{"id":"1","text":"From Jane.Doe@Example.com about card 4111-1111-1111-1111"}""",
            """{"id":"2","text":"again jane.doe@example.com"}""");
        var keys = new Dictionary<string, string>
        {
            ["Guardrails__Pii__HashKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["Guardrails__Pii__EncryptionKey"] = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray()),
        };
        var hashed = Path.Combine(folder, "hashed.jsonl");
        var encrypted = Path.Combine(folder, "encrypted.jsonl");
        var decrypted = Path.Combine(folder, "decrypted.jsonl");
        var tampered = Path.Combine(folder, "tampered.jsonl");

        var hash = await RunProcessAsync(keys, "pii", "redact", "--input", input, "--output", hashed, "--operator", "hash");
        var encrypt = await RunProcessAsync(keys, "pii", "redact", "--input", input, "--output", encrypted, "--operator", "encrypt");
        var decrypt = await RunProcessAsync(keys, "pii", "decrypt", "--input", encrypted, "--output", decrypted);
        File.WriteAllText(tampered, File.ReadAllText(encrypted).Replace(":enc:", ":enc:A", StringComparison.Ordinal));
        var reject = await RunProcessAsync(keys, "pii", "decrypt", "--input", tampered, "--output", Path.Combine(folder, "none.jsonl"));
        var noKey = await RunProcessAsync(new Dictionary<string, string>(), "pii", "decrypt", "--input", encrypted, "--output", Path.Combine(folder, "none.jsonl"));

        Assert.Equal((ExitCodes.Success, ExitCodes.Success, ExitCodes.Success), (hash.ExitCode, encrypt.ExitCode, decrypt.ExitCode));
        var pseudonyms = ReadLines(hashed).Select(l => l.GetProperty("text").GetString()!).ToList();
        var first = pseudonyms[0].Split(' ')[1];
        Assert.Matches("^<EMAIL_ADDRESS:[0-9a-f]{16}>$", first);
        Assert.Equal($"again {first}", pseudonyms[1]); // same address (case-insensitive) → same pseudonym
        Assert.DoesNotContain("example.com", File.ReadAllText(encrypted), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(
            ["From Jane.Doe@Example.com about card 4111-1111-1111-1111", "again jane.doe@example.com"],
            ReadLines(decrypted).Select(l => l.GetProperty("text").GetString()));
        Assert.Equal(ExitCodes.LinesSkipped, reject.ExitCode);
        Assert.Contains(":1: skipped: ", reject.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageError, noKey.ExitCode);
        Assert.Contains("Guardrails__Pii__EncryptionKey", noKey.Error, StringComparison.Ordinal);
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static List<JsonElement> ReadLines(string path) =>
        [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private static async Task<CliRun> RunProcessAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ainative.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("Guardrails__Pii__HashKey");
        start.Environment.Remove("Guardrails__Pii__EncryptionKey");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliRun(process.ExitCode, output, await error);
    }
}
