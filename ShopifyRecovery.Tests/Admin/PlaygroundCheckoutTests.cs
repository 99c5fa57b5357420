using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Admin;

/// <summary>A newcomer's sandbox checkout takes the production path: a signed webhook through the app's own intake.</summary>
public sealed class PlaygroundCheckoutTests
{
    [Test]
    public async Task A_sandbox_checkout_arrives_as_a_signed_webhook_and_becomes_a_journey_of_the_sandbox_shop()
    {
        // Arrange
        await using var harness = await AdminApiHarness.StartAsync(new Dictionary<string, string?> { ["Shopify:ApiKey"] = null, ["Shopify:ApiSecret"] = null });
        var client = harness.Anonymous();
        var token = (await (await client.PostAsync("/playground/session-token", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var catalogue = await client.GetFromJsonAsync<JsonElement>("/api/playground/catalogue");
        var vip = catalogue.GetProperty("customers").EnumerateArray().Single(c => c.GetProperty("persona").GetString() == "vip");
        var product = catalogue.GetProperty("products")[6];
        // Act
        var response = await client.PostAsJsonAsync("/api/playground/checkouts", new
        {
            customerId = vip.GetProperty("customerId").GetInt64(),
            lines = new[] { new { variantId = product.GetProperty("variantId").GetInt64(), quantity = 2 } },
        });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var checkoutToken = created.GetProperty("checkoutToken").GetString();
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await using var db = harness.App.CreateDbContext();
        var webhookId = created.GetProperty("webhookId").GetString()!;
        var journey = await Eventually.WaitForAsync(
            async () => { await using var probe = harness.App.CreateDbContext(); return await probe.Set<Journey>().AsNoTracking().SingleOrDefaultAsync(j => j.CheckoutToken == checkoutToken); },
            j => j is not null, "the sandbox checkout to become a journey");
        Assert.That(journey!.Email, Is.EqualTo(vip.GetProperty("email").GetString()));
        Assert.That(journey.ShopTotal, Is.EqualTo(product.GetProperty("price").GetDecimal() * 2));
        var sandbox = await db.Set<ShopifyRecovery.Shopify.Shop>().SingleAsync(s => s.Domain == "sandbox-store.myshopify.com");
        Assert.That(journey.ShopId, Is.EqualTo(sandbox.Id));
        // It came off the bus as the webhook the app posted to itself, not through a side door.
        var messageId = ShopifyRecovery.Intake.ShopifyWebhookReceived.MessageIdFor(webhookId);
        Assert.That(await db.Set<InboxEntry>().AnyAsync(e => e.MessageId == messageId), Is.True);
    }

    [Test]
    public async Task An_unknown_product_is_refused_without_posting_anything()
    {
        // Arrange
        await using var harness = await AdminApiHarness.StartAsync(new Dictionary<string, string?> { ["Shopify:ApiKey"] = null, ["Shopify:ApiSecret"] = null });
        var client = harness.Anonymous();
        var token = (await (await client.PostAsync("/playground/session-token", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Act
        var response = await client.PostAsJsonAsync("/api/playground/checkouts", new { lines = new[] { new { variantId = 42L, quantity = 1 } } });
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        await using var db = harness.App.CreateDbContext();
        Assert.That(await db.Set<Journey>().CountAsync(), Is.Zero);
    }
}
