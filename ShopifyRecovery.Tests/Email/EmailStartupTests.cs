using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Email;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Email;

public sealed class EmailStartupTests
{
    [Test]
    public async Task The_app_refuses_to_start_with_sendgrid_but_no_api_key_and_names_the_keys()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, new Dictionary<string, string?> { ["Email:Provider"] = "SendGrid" });

        var error = app.StartupFailure();

        Assert.That(error!.ToString(), Does.Contain("SendGrid:ApiKey").And.Contain("Email:FromAddress"));
    }

    [Test]
    public async Task By_default_the_app_writes_emails_to_the_outbox_and_links_point_at_the_app_url()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database);
        using var client = app.CreateClient();

        Assert.That(app.Services.GetRequiredService<IEmailSender>(), Is.InstanceOf<OutboxEmailSender>());
        Assert.That(app.Services.GetRequiredService<ILinkBuilder>().ClickUrl(Guid.NewGuid()), Does.StartWith("https://app.test/r/"));
        Assert.That(app.Services.GetRequiredService<IOptions<EmailOptions>>().Value.EffectiveFromAddress, Is.EqualTo(EmailOptions.PlaygroundFromAddress));
    }
}
