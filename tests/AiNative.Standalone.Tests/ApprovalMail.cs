using System.Text.RegularExpressions;
using AiNative.Testing;
using MimeKit;

namespace AiNative.Standalone.Tests;

/// <summary>Reads approval links out of the .eml files the host wrote, as an approver's mail client would.</summary>
public static partial class ApprovalMail
{
    public static async Task<Uri> WaitForLinkAsync(string mailDirectory, string approvalId)
    {
        return await Eventually.GetAsync(() => Task.FromResult(FindLink(mailDirectory, approvalId)), $"an approval e-mail for {approvalId}");
    }

    private static Uri? FindLink(string mailDirectory, string approvalId)
    {
        if (!Directory.Exists(mailDirectory))
        {
            return null;
        }

        foreach (var file in Directory.GetFiles(mailDirectory, "*.eml"))
        {
            MimeMessage message;
            try
            {
                message = MimeMessage.Load(file);
            }
            catch (IOException)
            {
                continue; // still being written
            }

            var text = message.TextBody ?? message.HtmlBody ?? "";
            if (!text.Contains(approvalId, StringComparison.Ordinal) && !(message.Subject ?? "").Contains(approvalId, StringComparison.Ordinal) && !file.Contains(approvalId, StringComparison.Ordinal))
            {
                continue;
            }

            var match = Link().Match(text);
            if (match.Success)
            {
                return new Uri(match.Value);
            }
        }

        return null;
    }

    [GeneratedRegex(@"https?://[^\s""'<>]+/api/approvals/[A-Za-z0-9_\-\.]+")]
    private static partial Regex Link();
}
