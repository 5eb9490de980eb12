using System.Text.Json;
using AiNative.Platform.ModelPlane.Prompts;

namespace AiNative.Platform.Tests.ModelPlane;

public sealed class PromptRegistryTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("prompts-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private void Write(string file, string yaml) => File.WriteAllText(Path.Combine(directory, file), yaml);

    private PromptCatalogException LoadFails() => Assert.Throws<PromptCatalogException>(() => PromptRegistry.LoadFromDirectory(directory));

    private const string Valid = """
        id: greet
        version: "1.2.3"
        description: Says hello.
        system: You greet {{ audience }}.
        user: Say hello to {{name}} in {{ language }}.
        temperature: 0.3
        max_output_tokens: 50
        output_schema:
          type: object
          required: [greeting]
          properties:
            greeting: { type: string, maxLength: 80 }
            score: { type: [number, "null"], minimum: 0 }
        """;

    [Fact]
    public void Loads_the_shipped_catalog_with_schemas_and_variables()
    {
        var registry = ModelPlaneTestSupport.Prompts;

        var extract = registry.Get("extract-ticket-info");
        var analyze = registry.Get("analyze-billing-issue");
        var answer = registry.Get("answer-question");

        Assert.Equal(["ticket"], extract.Variables);
        Assert.Equal(["ticket", "ticket_info", "knowledge", "billing"], analyze.Variables);
        Assert.Equal(["context", "question"], answer.Variables);
        Assert.Equal("^C\\d+$", extract.OutputSchema!.Value.GetProperty("properties").GetProperty("customer_id").GetProperty("pattern").GetString());
        Assert.Equal(["refund", "no_refund", "escalate"],
            analyze.OutputSchema!.Value.GetProperty("properties").GetProperty("decision").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Null(answer.OutputSchema);
        Assert.Contains("knowledge passages", analyze.System.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_a_valid_file_and_converts_yaml_types_to_json()
    {
        Write("greet.yaml", Valid);

        var prompt = PromptRegistry.LoadFromDirectory(directory).Get("greet");

        Assert.Equal("1.2.3", prompt.Version);
        Assert.Equal(0.3f, prompt.Temperature);
        Assert.Equal(50, prompt.MaxOutputTokens);
        Assert.Equal(["audience", "name", "language"], prompt.Variables);
        var greeting = prompt.OutputSchema!.Value.GetProperty("properties").GetProperty("greeting");
        Assert.Equal(JsonValueKind.Number, greeting.GetProperty("maxLength").ValueKind);
        var scoreType = prompt.OutputSchema!.Value.GetProperty("properties").GetProperty("score").GetProperty("type");
        Assert.Equal(["number", "null"], scoreType.EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void Renders_variables_and_names_the_missing_one()
    {
        Write("greet.yaml", Valid);
        var prompt = PromptRegistry.LoadFromDirectory(directory).Get("greet");

        var rendered = prompt.Render(new Dictionary<string, string> { ["audience"] = "guests", ["name"] = "Ana {{ not_a_placeholder }}", ["language"] = "Portuguese" });
        var error = Assert.Throws<PromptRenderException>(() => prompt.Render(new Dictionary<string, string> { ["audience"] = "guests", ["name"] = "Ana" }));

        Assert.Equal("You greet guests.", rendered.System);
        Assert.Equal("Say hello to Ana {{ not_a_placeholder }} in Portuguese.", rendered.User);
        Assert.Equal(["language"], error.MissingVariables);
        Assert.Contains("'language'", error.Message, StringComparison.Ordinal);
        Assert.Contains("greet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_file_and_field_for_missing_required_fields()
    {
        Write("broken.yaml", "description: no id, version or user\nsystem: hi\n");

        var error = LoadFails();

        Assert.Contains("broken.yaml: id: missing (required)", error.Errors);
        Assert.Contains("broken.yaml: version: missing (required)", error.Errors);
        Assert.Contains("broken.yaml: user: missing (required)", error.Errors);
    }

    [Fact]
    public void Rejects_duplicate_ids_naming_both_files()
    {
        Write("a.yaml", Valid);
        Write("b.yaml", Valid);

        var error = LoadFails();

        var message = Assert.Single(error.Errors);
        Assert.Equal("b.yaml: id: duplicate id 'greet' (also in a.yaml)", message);
    }

    [Theory]
    [InlineData("version: \"1.0\"", "version", "not a semantic version")]
    [InlineData("user: Hello {{ name", "user", "is not closed")]
    [InlineData("user: Hello {{ name | upcase }}", "user", "placeholder syntax")]
    [InlineData("temperature: hot", "temperature", "from 0 to 2")]
    [InlineData("max_output_tokens: -5", "max_output_tokens", "positive whole number")]
    [InlineData("colour: blue", "colour", "unknown field")]
    public void Names_file_and_field_for_invalid_values(string line, string field, string problem)
    {
        var lines = Valid.Split('\n').Where(l => !l.StartsWith(line.Split(':')[0] + ":", StringComparison.Ordinal)).Append(line);
        Write("greet.yaml", string.Join('\n', lines));

        var error = LoadFails();

        Assert.Contains(error.Errors, e => e.StartsWith("greet.yaml", StringComparison.Ordinal) && e.Contains($": {field}: ", StringComparison.Ordinal) && e.Contains(problem, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("output_schema:\n  type: objekt\n", "output_schema")]
    [InlineData("output_schema:\n  type: object\n  properties:\n    a: { type: string, pattern: \"([\" }\n", "output_schema")]
    [InlineData("output_schema:\n  type: array\n", "output_schema")]
    [InlineData("output_schema:\n  type: object\n  required: yes\n", "output_schema/required")]
    public void Names_file_and_field_for_invalid_schemas(string schema, string field)
    {
        Write("schema.yaml", "id: s\nversion: 1.0.0\nuser: hi\n" + schema);

        var error = LoadFails();

        Assert.Contains(error.Errors, e => e.StartsWith("schema.yaml (line ", StringComparison.Ordinal) && e.Contains($": {field}", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_yaml_syntax_errors_with_the_line()
    {
        Write("bad.yaml", "id: x\nversion: 1.0.0\nuser: [unclosed\n");

        var error = LoadFails();

        Assert.Contains(error.Errors, e => e.StartsWith("bad.yaml (line ", StringComparison.Ordinal) && e.Contains("YAML syntax error", StringComparison.Ordinal));
    }

    [Fact]
    public void Lists_known_ids_for_an_unknown_prompt()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => ModelPlaneTestSupport.Prompts.Get("no-such-prompt"));

        Assert.Contains("extract-ticket-info", error.Message, StringComparison.Ordinal);
    }
}
