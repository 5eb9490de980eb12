using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AiNative.Standalone.Tests.Approvals;

/// <summary>
/// The e-mailed approval page driven in the system's headless Chromium against the real host: approve, reject and
/// request more information, with an accessibility scan (axe) and screenshots kept under <c>TestResults/screenshots</c>.
/// </summary>
[Collection(StandaloneCollection.Name)]
public sealed class ApprovalPageBrowserTests(StandaloneFixture host) : IAsyncLifetime
{
    private const string SeedTicket = "ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250";
    private const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install it with 'apt-get install -y chromium' (.ci/run does).");
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    [Fact]
    public async Task Approve_in_the_browser_resolves_the_run()
    {
        var (id, page) = await OpenApprovalPageAsync();

        Assert.Equal("Approval needed", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        await Expect(page.GetByText("Process refund of $250.00").First);
        await Expect(page.GetByText("Deciding as"));
        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, "Accessibility violations: " + string.Join("; ", axe.Violations.Select(v => $"{v.Id}: {v.Help}")));
        await ShotAsync(page, "approval-page");

        await page.GetByLabel("Comment").FillAsync("Outage confirmed in the status page.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Decision recorded" }));
        await Expect(page.GetByText("The request is now approved"));
        await ShotAsync(page, "approval-approved");
        var run = await WaitForRunAsync(id);
        Assert.Equal("resolved", run.GetProperty("output").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Reject_in_the_browser_denies_the_refund()
    {
        var (id, page) = await OpenApprovalPageAsync();

        await page.GetByLabel("Comment").FillAsync("Not covered: the outage was announced maintenance.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();

        await Expect(page.GetByText("The request is now rejected"));
        await ShotAsync(page, "approval-rejected");
        var run = await WaitForRunAsync(id);
        Assert.Equal("rejected", run.GetProperty("output").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Request_more_info_needs_a_comment_then_sends_the_run_back_for_another_round()
    {
        var (id, page) = await OpenApprovalPageAsync();
        var link = page.Url;

        await page.GetByRole(AriaRole.Button, new() { Name = "Request more info" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What is missing?" }));
        await ShotAsync(page, "approval-request-info-needs-comment");

        await page.GotoAsync(link);
        await page.GetByLabel("Comment").FillAsync("Please attach the incident timeline.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Request more info" }).ClickAsync();

        await Expect(page.GetByText("The request is now info-requested"));
        await ShotAsync(page, "approval-info-requested");
        // The agent answers with a second round, e-mailed as a new link.
        var second = await ApprovalMail.WaitForLinkAsync(host.MailDirectory, $"{id}-approval-2");
        Assert.NotEqual(link, second.ToString());
        using var terminate = await host.Http.PostAsync($"/api/runs/{id}/terminate", null);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
    }

    private async Task<(string Id, IPage Page)> OpenApprovalPageAsync()
    {
        using var start = await host.Http.PostAsJsonAsync("/api/agents/billing-resolution/runs", new { input = SeedTicket });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var link = await ApprovalMail.WaitForLinkAsync(host.MailDirectory, $"{id}-approval-1");
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1000, Height = 900 } });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(link.ToString());
        Assert.Equal(200, response!.Status);
        return (id, page);
    }

    private async Task<JsonElement> WaitForRunAsync(string id) =>
        await host.WaitForRunAsync(id, r => r.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", $"run {id} to complete");

    private static async Task Expect(ILocator locator) =>
        await locator.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 30_000 });

    /// <summary>Full-page screenshots under the repository's TestResults/screenshots (CI keeps TestResults as artifacts).</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, $"The screenshot {path} is empty.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AiNative.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
