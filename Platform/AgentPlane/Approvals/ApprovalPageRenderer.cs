using System.Globalization;
using System.Net;
using System.Text;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>
/// Self-contained HTML for the approval link: the request with a decision form, and outcome pages. No scripts, no external
/// assets; every value is HTML-encoded. Serve with <see cref="SecurityHeaders"/>.
/// </summary>
public sealed class ApprovalPageRenderer(TimeProvider time)
{
    /// <summary>Form field names the POST handler reads.</summary>
    public const string DecisionField = "decision";
    public const string CommentField = "comment";
    public const string ApproverField = "approver";

    /// <summary>
    /// Headers for every approval response: no caching of a page reached through a secret link, no framing, no referrer
    /// (the token is in the URL), and nothing but inline styles may load.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SecurityHeaders { get; } = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ["Cache-Control"] = "no-store",
        ["Referrer-Policy"] = "no-referrer",
        ["X-Content-Type-Options"] = "nosniff",
        ["X-Frame-Options"] = "DENY",
    };

    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>
    /// The request page. A pending, unexpired request gets a POST form to <paramref name="formAction"/> with a comment,
    /// the approver's name and three buttons (<c>decision</c> = approve / reject / request-info); otherwise its status.
    /// </summary>
    public string RenderRequest(ApprovalRecord record, string formAction, string? boundApprover = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var request = record.Request;
        var body = new StringBuilder();
        body.Append("<h1>Approval needed</h1>");
        body.Append("<p class=\"lead\">An AI agent is asking for a human decision before it acts.</p>");
        body.Append("<h2 id=\"details\" class=\"visually-hidden\">Request details</h2><dl aria-labelledby=\"details\">");
        foreach (var (label, value) in ApprovalText.Fields(request))
        {
            body.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>");
        }

        body.Append("</dl>");

        if (!record.IsPending)
        {
            body.Append("<p class=\"status\" role=\"status\">This request is <strong>").Append(E(record.Status)).Append("</strong>");
            if (record.Decision is { } decision)
            {
                body.Append(" (").Append(E(decision.DecidedBy)).Append(", ").Append(E(ApprovalText.Time(decision.DecidedAt))).Append(')');
            }

            body.Append(". The link cannot be used again.</p>");
            if (record.Decision?.Comment is { Length: > 0 } comment)
            {
                body.Append("<p class=\"comment\">").Append(E(comment)).Append("</p>");
            }
        }
        else if (time.GetUtcNow() >= request.ExpiresAt)
        {
            body.Append("<p class=\"status\" role=\"status\">This request expired at ").Append(E(ApprovalText.Time(request.ExpiresAt)))
                .Append(" and was denied. No decision can be made any more.</p>");
        }
        else
        {
            body.Append("<form method=\"post\" action=\"").Append(E(formAction)).Append("\">");
            body.Append("<fieldset><legend>Your decision</legend>");
            if (boundApprover is null)
            {
                body.Append("<label for=\"approver\">Your name or e-mail</label>");
                body.Append("<input id=\"approver\" name=\"").Append(ApproverField).Append("\" type=\"text\" maxlength=\"256\" required autocomplete=\"email\">");
            }
            else
            {
                body.Append("<p class=\"who\">Deciding as <strong>").Append(E(boundApprover)).Append("</strong> (this link is yours alone).</p>");
            }

            body.Append("<label for=\"comment\">Comment</label>");
            body.Append("<p id=\"comment-help\" class=\"help\">Optional for approve and reject; required for \"Request more info\": say what is missing.</p>");
            body.Append("<textarea id=\"comment\" name=\"").Append(CommentField).Append("\" rows=\"4\" maxlength=\"2000\" aria-describedby=\"comment-help\"></textarea>");
            body.Append("<div class=\"buttons\" role=\"group\" aria-label=\"Decision\">");
            Button(body, ApprovalDecisions.Approve, "Approve", "approve");
            Button(body, ApprovalDecisions.Reject, "Reject", "reject");
            Button(body, ApprovalDecisions.RequestInfo, "Request more info", "info");
            body.Append("</div></fieldset></form>");
            body.Append("<p class=\"note\">The link works once. Without a decision by the expiry time the action is denied.</p>");
        }

        return Page("Approval needed: " + ApprovalText.SingleLine(request.Action.Summary, 80), body.ToString());
    }

    /// <summary>A result or error page (decided, expired, already used, invalid link).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Instance API alongside RenderRequest; callers hold the injected renderer.")]
    public string RenderOutcome(string title, string message, int statusCode)
    {
        var body = new StringBuilder()
            .Append("<h1>").Append(E(title)).Append("</h1>")
            .Append("<p role=\"").Append(statusCode >= 400 ? "alert" : "status").Append("\">").Append(E(message)).Append("</p>")
            .Append("<p class=\"note\">Status ").Append(statusCode.ToString(CultureInfo.InvariantCulture)).Append("</p>");
        return Page(title, body.ToString());
    }

    private static void Button(StringBuilder body, string value, string label, string cssClass) =>
        body.Append("<button type=\"submit\" name=\"").Append(DecisionField).Append("\" value=\"").Append(E(value))
            .Append("\" class=\"").Append(cssClass).Append("\">").Append(E(label)).Append("</button>");

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string Page(string title, string body) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <meta name="robots" content="noindex, nofollow">
        <title>{E(title)}</title>
        <style>{Css}</style>
        </head>
        <body><main>{body}</main></body>
        </html>
        """;

    private const string Css =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;background:#f4f5f7;color:#1d2330;margin:0;padding:2rem 1rem}" +
        "main{max-width:44rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}" +
        "h1{font-size:1.4rem;margin-top:0}dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem}" +
        "dt{font-weight:600;color:#4a5263}dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}" +
        "label{display:block;font-weight:600;margin:1rem 0 .3rem}input,textarea{width:100%;box-sizing:border-box;font:inherit;padding:.4rem}" +
        ".buttons{display:flex;gap:.6rem;margin-top:1rem;flex-wrap:wrap}button{font:inherit;padding:.55rem 1.1rem;border:0;border-radius:5px;cursor:pointer;color:#fff}" +
        ".approve{background:#1f7a3d}.reject{background:#b3261e}.info{background:#4a5263}" +
        "button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #1f4fa3;outline-offset:2px}" +
        "fieldset{border:1px solid #d5d9e0;border-radius:6px;padding:0 1rem 1rem;margin-top:1.5rem}legend{font-weight:600;padding:0 .3rem}" +
        ".help{margin:.1rem 0 .4rem;color:#4a5263;font-size:.9rem}.lead{color:#4a5263}" +
        ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
        ".status{padding:.7rem;background:#eef1f6;border-radius:5px}.comment{white-space:pre-wrap}.note{color:#4a5263;font-size:.9rem}";
}
