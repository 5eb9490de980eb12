using AiNative.Platform.Governance.Spotlighting;
using AiNative.Platform.ModelPlane.Local;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.Tests.ModelPlane;

/// <summary>Extractive answers of the local provider (plain text requests).</summary>
public sealed class LocalChatClientAnswerTests
{
    private const string Context = """
        Our office is open Monday to Friday from 9:00 to 17:00.
        Annual plans can be cancelled within 30 days for a full refund.
        Parking is available in the garage beneath the building.
        Support tickets marked urgent are answered within four hours.
        The cafeteria serves vegetarian lunch every Wednesday.
        """;

    private static async Task<string> AskAsync(string question, string context = Context)
    {
        var prompt = ModelPlaneTestSupport.Prompts.Get("answer-question");
        var rendered = prompt.Render(new Dictionary<string, string> { ["question"] = question, ["context"] = context });
        var response = await ModelPlaneTestSupport.CreateLocalClient().GetResponseAsync(
            [new ChatMessage(ChatRole.System, rendered.System), new ChatMessage(ChatRole.User, rendered.User)]);
        return response.Text;
    }

    [Fact]
    public async Task Answers_with_the_sentence_that_matches_the_question()
    {
        var answer = await AskAsync("How quickly do you respond to an urgent ticket?");

        Assert.Contains("answered within four hours", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("cafeteria", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Parking", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quotes_spotlighted_context_without_its_marks()
    {
        var answer = await AskAsync("How quickly do you respond to an urgent ticket?", Spotlighter.Mark(Context, "office.md"));

        Assert.Contains("Support tickets marked urgent are answered within four hours", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("^", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("untrusted", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_a_paraphrased_question_without_shared_keywords()
    {
        var answer = await AskAsync("Can I get my money back if I stop my yearly subscription?");

        Assert.StartsWith("Annual plans can be cancelled within 30 days", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uses_the_last_paragraph_as_the_question_when_no_sentence_asks()
    {
        var answer = await AskAsync("Tell me where visitors can leave their car");

        Assert.Contains("garage", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("visitors can leave", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_so_when_the_context_is_empty()
    {
        var answer = await AskAsync("What is the refund window?", context: "");

        Assert.Equal(ExtractiveAnswerer.NoAnswer, answer);
    }

    [Fact]
    public async Task Caps_the_answer_length()
    {
        var longContext = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"Refund rule {i} says refunds for plan {i} are handled by the refund desk within {i} days."));

        var answer = await AskAsync("How are refunds handled by the refund desk?", longContext);

        Assert.InRange(answer.Length, 20, 600);
    }
}
