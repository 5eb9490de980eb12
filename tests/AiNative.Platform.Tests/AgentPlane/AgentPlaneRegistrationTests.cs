using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Billing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.Tests.AgentPlane;

public sealed class AgentPlaneRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddAiNativePlatform(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Missing_signing_key_fails_naming_the_setting()
    {
        using var services = Build([]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ApprovalOptions>>().Value);

        Assert.Contains("Approvals__SigningKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_plane_resolves_every_service_with_bound_settings()
    {
        using var services = Build(new()
        {
            ["Approvals:SigningKey"] = ApprovalSamples.SigningKey,
            ["Approvals:DefaultTimeout"] = "02:00:00",
            ["Approvals:Approvers:0"] = "finance@example.com",
            ["AiNative:PublicBaseUrl"] = "https://agents.example.com/",
            ["Mail:PickupDirectory"] = "/tmp/ainative-test-mail",
            ["Billing:MaxRefundAmount"] = "750",
        });

        var approvals = services.GetRequiredService<IOptions<ApprovalOptions>>().Value;

        Assert.Equal(TimeSpan.FromHours(2), approvals.DefaultTimeout);
        Assert.Equal(["finance@example.com"], approvals.ResolveApprovers());
        Assert.Equal(750m, services.GetRequiredService<IOptions<BillingOptions>>().Value.MaxRefundAmount);
        Assert.IsType<TableBillingSystem>(services.GetRequiredService<IBillingSystem>());
        Assert.IsType<TableApprovalStore>(services.GetRequiredService<IApprovalStore>());
        Assert.NotNull(services.GetRequiredService<ApprovalTokenService>());
        Assert.NotNull(services.GetRequiredService<ApprovalPageRenderer>());
        var notifier = Assert.IsType<CompositeApprovalNotifier>(services.GetRequiredService<IApprovalNotifier>());
        Assert.Contains(services.GetRequiredService<PickupDirectoryEmailNotifier>(), notifier.Channels);
        Assert.Equal("/tmp/ainative-test-mail", services.GetRequiredService<PickupDirectoryEmailNotifier>().PickupDirectory);
        Assert.Equal("https://agents.example.com/api/approvals/abc.def", services.GetRequiredService<ApprovalLinks>().For("abc.def").AbsoluteUri);
    }

    [Fact]
    public void Default_approvers_apply_when_none_are_configured()
    {
        Assert.Equal(["approvers@example.com"], new ApprovalOptions().ResolveApprovers());
        Assert.Equal(TimeSpan.FromHours(24), new ApprovalOptions().DefaultTimeout);
    }
}
