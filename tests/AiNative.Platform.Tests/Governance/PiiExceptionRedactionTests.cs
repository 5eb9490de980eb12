using System.Text.RegularExpressions;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.Governance;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.Tests.Governance;

/// <summary>
/// A failure's message and its inner failures' messages are redacted; the type survives wherever it can be recreated,
/// and a failure without personal data is left as it was.
/// </summary>
public sealed class PiiExceptionRedactionTests
{
    private const string Email = "jane.roe@example.com";
    private const string Phone = "(415) 555-0132";
    private const string AccountKey = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg9PQ==";
    private const string ConnectionString = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + AccountKey + ";EndpointSuffix=core.windows.net";

    private readonly RegexPiiRedactor redactor = new();

    [Fact]
    public void A_failure_without_personal_data_is_left_alone()
    {
        var failure = Thrown(() => throw new InvalidOperationException("Document 'doc-42' has no chunks.", new TimeoutException("The operation timed out.")));

        Assert.Null(PiiExceptionRedaction.Redact(failure, redactor));
    }

    [Fact]
    public void Keeps_the_type_redacts_the_message_and_carries_the_original_stack_trace()
    {
        var failure = Thrown(() => throw new IngestContentMissingException($"SMTP 550: mailbox {Email} unavailable; call {Phone}"));

        var redacted = PiiExceptionRedaction.Redact(failure, redactor);

        var missing = Assert.IsType<IngestContentMissingException>(redacted);
        Assert.Equal("SMTP 550: mailbox <EMAIL_ADDRESS> unavailable; call <PHONE_NUMBER>", missing.Message);
        Assert.Contains(nameof(Thrown), missing.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Redacts_inner_failures_and_rebuilds_the_clean_outer_failure_around_them()
    {
        var failure = Thrown(() => throw new HttpRequestException("Upload failed.", new IOException($"storage refused {ConnectionString} for {Email}")));

        var redacted = PiiExceptionRedaction.Redact(failure, redactor);

        var outer = Assert.IsType<HttpRequestException>(redacted);
        Assert.Equal("Upload failed.", outer.Message);
        var inner = Assert.IsType<IOException>(outer.InnerException);
        Assert.Contains("AccountKey=<SECRET>", inner.Message, StringComparison.Ordinal);
        AssertNoPersonalData(outer);
    }

    [Fact]
    public void A_type_that_cannot_be_rebuilt_becomes_a_named_stand_in()
    {
        var failure = Thrown(() => throw new SmtpRejection(550, $"recipient {Email} rejected"));

        var redacted = PiiExceptionRedaction.Redact(failure, redactor);

        var standIn = Assert.IsType<RedactedFailureException>(redacted);
        Assert.Equal(typeof(SmtpRejection).FullName, standIn.OriginalType);
        Assert.Equal($"{typeof(SmtpRejection).FullName}: 550 recipient <EMAIL_ADDRESS> rejected", standIn.Message);
    }

    [Fact]
    public void A_parameter_name_constructor_is_never_mistaken_for_the_message()
    {
        var failure = Thrown(() => throw new ArgumentNullException($"no contact for {Email}", (Exception?)null));

        var redacted = Assert.IsType<ArgumentNullException>(PiiExceptionRedaction.Redact(failure, redactor));

        Assert.Null(redacted.ParamName);
        Assert.Equal("no contact for <EMAIL_ADDRESS>", redacted.Message);
    }

    [Fact]
    public void Every_failure_of_an_aggregate_is_redacted()
    {
        var failure = new AggregateException(new InvalidOperationException($"owner {Email}"), new KeyNotFoundException($"no key for {Phone}"));

        var redacted = Assert.IsType<AggregateException>(PiiExceptionRedaction.Redact(failure, redactor));

        Assert.Equal([typeof(InvalidOperationException), typeof(KeyNotFoundException)], redacted.InnerExceptions.Select(e => e.GetType()));
        AssertNoPersonalData(redacted);
    }

    [Fact]
    public void A_message_the_redactor_times_out_on_is_withheld()
    {
        var failure = new IngestContentMissingException($"owner {Email}");

        var redacted = PiiExceptionRedaction.Redact(failure, new TimingOutRedactor());

        Assert.Equal(PiiExceptionRedaction.WithheldMessage, Assert.IsType<IngestContentMissingException>(redacted).Message);
    }

    private static void AssertNoPersonalData(Exception redacted)
    {
        var text = redacted.ToString();
        string[] personal = [Email, "555-0132", AccountKey];
        Assert.Equal("", string.Join(", ", personal.Where(value => text.Contains(value, StringComparison.Ordinal))));
    }

    private static Exception Thrown(Action fail)
    {
        try
        {
            fail();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("The action did not throw.");
    }

    /// <summary>A redactor whose patterns always hit their match timeout.</summary>
    private sealed class TimingOutRedactor : IPiiRedactor
    {
        public string PolicyVersion => "test";

        public PiiRedaction Redact(string text, PiiRedactionOptions? options = null) =>
            throw new RegexMatchTimeoutException(text, "pattern", TimeSpan.FromMilliseconds(1));

        public IReadOnlyList<PiiFinding> Analyze(string text) => throw new NotSupportedException();
    }

    /// <summary>A failure whose only constructor does not take a message (as some client libraries' exceptions).</summary>
    private sealed class SmtpRejection(int code, string reply) : Exception($"{code} {reply}")
    {
        public int Code { get; } = code;
    }
}
