using AiNative.Platform.AgentPlane.Memory;
using AiNative.Platform.ModelPlane.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiNative.Orchestrations.Tests.Sessions;

/// <summary>Conversation memory on Azurite: redaction, idempotent appends, large messages, trimming and summarisation.</summary>
[Collection(DurableCollection.Name)]
public sealed class ConversationMemoryTests(DurableHostFixture host)
{
    private IConversationMemory Memory => host.Services.GetRequiredService<IConversationMemory>();

    [Fact]
    public async Task Personal_data_is_redacted_before_it_is_stored()
    {
        var session = NewSession();

        await Memory.AppendAsync(session, "assistant", "k1", [ConversationMessage.User("I am jane.doe@example.com, call me on +1 415 555 0100 about checkout-api")]);

        var stored = Assert.Single(await Memory.ReadAsync(session)).Message.Text;
        Assert.DoesNotContain("jane.doe@example.com", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("555 0100", stored, StringComparison.Ordinal);
        Assert.Contains("checkout-api", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_append_with_the_same_key_is_stored_once_and_long_texts_round_trip_through_blobs()
    {
        var session = NewSession();
        var longText = string.Join(" ", Enumerable.Range(0, 5000).Select(i => $"line{i}"));

        await Memory.AppendAsync(session, "assistant", "k1", [ConversationMessage.User("first")]);
        await Memory.AppendAsync(session, "assistant", "k2", [ConversationMessage.ToolCall("c1", "query_logs", """{"service":"checkout-api"}"""), ConversationMessage.ToolResult("c1", "query_logs", longText)]);
        var header = await Memory.AppendAsync(session, "assistant", "k2", [ConversationMessage.ToolCall("c1", "query_logs", """{"service":"checkout-api"}"""), ConversationMessage.ToolResult("c1", "query_logs", longText)]);

        Assert.Equal(3, header.MessageCount);
        var messages = await Memory.ReadAsync(session);
        Assert.Equal([1, 2, 3], messages.Select(m => m.Sequence));
        Assert.True(longText.Length > TableConversationMemory.InlineChars);
        Assert.Equal(longText, messages[2].Message.Text);
        Assert.Equal("query_logs", messages[1].Message.ToolName);
    }

    [Fact]
    public async Task Window_keeps_the_newest_messages_within_the_budget_and_never_an_orphaned_tool_result()
    {
        var session = NewSession();
        for (var i = 0; i < 30; i++)
        {
            await Memory.AppendAsync(session, "assistant", $"k{i}", [ConversationMessage.User($"Question {i}: how is checkout-api doing after deployment number {i}?"), ConversationMessage.Assistant($"Answer {i}: checkout-api error rate was {i}.5 percent at that time.")]);
        }

        await Memory.AppendAsync(session, "assistant", "calls", [ConversationMessage.ToolCall("c1", "query_logs", "{}"), ConversationMessage.ToolResult("c1", "query_logs", new string('x', 50))]);
        var context = Context(budget: 300);

        var window = await context.WindowAsync(session);

        Assert.True(window.Tokens <= 300, $"window holds {window.Tokens} tokens");
        Assert.True(window.Omitted > 0);
        Assert.Equal(62, window.Messages[^1].Sequence);
        Assert.All(window.Messages.Where(m => m.Message.Role == ConversationRoles.Tool), t => Assert.Contains(window.Messages, c => c.Message.IsToolCall && c.Message.ToolCallId == t.Message.ToolCallId));
        var orphan = ConversationWindow.Fit(null, 0, (await Memory.ReadAsync(session, 60)).Skip(1).ToList(), 10_000);
        Assert.DoesNotContain(orphan.Messages, m => m.Message.Role == ConversationRoles.Tool);
    }

    [Fact]
    public async Task Compaction_summarises_older_turns_with_the_offline_model_so_the_conversation_fits_the_budget()
    {
        var session = NewSession();
        for (var i = 0; i < 30; i++)
        {
            await Memory.AppendAsync(session, "assistant", $"k{i}", [ConversationMessage.User($"Turn {i}: the checkout-api incident INC-{100 + i} needs a restart of replica {i}."), ConversationMessage.Assistant($"Noted turn {i}: replica {i} of checkout-api restarted.")]);
        }

        var context = Context(budget: 400);
        var before = await Memory.ReadAsync(session);
        Assert.True(before.Sum(m => m.Tokens) > 400);

        var compaction = await context.CompactAsync(session);
        var window = await context.WindowAsync(session);

        Assert.True(compaction.Summarized);
        Assert.True(compaction.Tokens <= 400, $"{compaction.Tokens} tokens after compaction");
        var header = (await Memory.GetSessionAsync(session))!;
        Assert.Equal(compaction.SummaryThrough, header.SummaryThrough);
        Assert.False(string.IsNullOrWhiteSpace(header.Summary));
        Assert.Contains("checkout-api", header.Summary, StringComparison.Ordinal);
        Assert.Equal(header.Summary, window.Summary);
        Assert.Equal(0, window.Omitted);
        Assert.Equal(60, window.Messages[^1].Sequence);
        Assert.False((await context.CompactAsync(session)).Summarized);
    }

    private ConversationContext Context(int budget) => new(
        Memory,
        host.Services.GetRequiredService<ConversationSummarizer>(),
        host.Services.GetRequiredService<ModelRegistry>(),
        Options.Create(new AgentOptions { MemoryTokenBudget = budget }),
        NullLogger<ConversationContext>.Instance);

    private static string NewSession() => $"test-{Guid.NewGuid():N}";
}
