using ShopifyRecovery.Email;

namespace ShopifyRecovery.Tests.Email;

public sealed class DefaultTemplatesTests
{
    readonly LiquidEmailTemplates _templates = new();

    static IEnumerable<TestCaseData> StepsAndVariants() =>
        from step in new[] { 1, 2, 3 }
        from variant in new[] { "default", "vip" }
        select new TestCaseData(step, variant);

    [TestCaseSource(nameof(StepsAndVariants))]
    public void Every_default_passes_strict_validation(int step, string variant)
    {
        Assert.That(_templates.Validate(_templates.Default(step, variant)), Is.Empty);
    }

    [TestCaseSource(nameof(StepsAndVariants))]
    public void Every_default_renders_the_cart_the_button_the_address_and_the_unsubscribe_link(int step, string variant)
    {
        var rendered = _templates.Render(_templates.Default(step, variant), EmailSamples.Model("EUR", step: step));

        foreach (var part in new[] { rendered.Html, rendered.Text })
        {
            Assert.That(part, Does.Contain("https://app.test/u/unsubscribe-token"));
            Assert.That(part, Does.Contain("12 Harbour Street, Dublin D02, Ireland"));
            Assert.That(part, Does.Contain("Linen Shirt").And.Contain("Blue / M").And.Contain("Wool Scarf"));
            Assert.That(part, Does.Contain("€91.00").And.Contain("€1,335.50 EUR"));
        }
        Assert.That(rendered.Html, Does.Contain("href=\"https://maple-oak.myshopify.com/checkouts/abc/recover?key=k1\""));
        Assert.That(rendered.Html, Does.Contain("https://cdn.example/shirt.jpg"));
        Assert.That(rendered.Html, Does.Contain("Maple &amp; Oak"));
        Assert.That(rendered.Text, Does.Contain("Maple & Oak"));
        Assert.That(rendered.Subject, Is.Not.Empty.And.Not.Contain("{"));
        Assert.That(rendered.Preheader, Is.Not.Empty);
        Assert.That(rendered.Text, Does.Contain("Hi Ada,"));
    }

    [Test]
    public void The_last_step_shows_the_code_its_offer_and_its_expiry_when_there_is_one()
    {
        var model = EmailSamples.Model(discount: EmailSamples.Discount(15m, true, "SAVE15-X"), step: 3);

        var rendered = _templates.Render(_templates.Default(3, "default"), model);

        foreach (var part in new[] { rendered.Html, rendered.Text })
            Assert.That(part, Does.Contain("SAVE15-X").And.Contain("15% off").And.Contain("free shipping").And.Contain("December 3, 2026 at 17:30 UTC"));
        Assert.That(rendered.Subject, Does.Contain("finish your order"));
    }

    [Test]
    public void The_last_step_without_an_incentive_says_last_call_and_shows_no_code()
    {
        var rendered = _templates.Render(_templates.Default(3, "default"), EmailSamples.Model(step: 3));

        Assert.That(rendered.Subject, Does.StartWith("Last call"));
        Assert.That(rendered.Text, Does.Not.Contain("Code:").And.Not.Contain("Expires"));
    }

    [Test]
    public void The_first_step_is_a_plain_reminder_without_a_code()
    {
        var rendered = _templates.Render(_templates.Default(1, "default"), EmailSamples.Model());

        Assert.That(rendered.Subject, Is.EqualTo("You left something in your cart at Maple & Oak"));
        Assert.That(rendered.Text, Does.Contain("3 items").And.Not.Contain("Code:"));
    }

    [Test]
    public void An_unknown_variant_falls_back_to_the_default_and_later_steps_reuse_the_last_chance()
    {
        Assert.That(_templates.Default(2, "first_time"), Is.EqualTo(_templates.Default(2, "default")));
        Assert.That(_templates.Default(4, "default"), Is.EqualTo(_templates.Default(3, "default")));
        Assert.That(_templates.Default(1, "vip"), Is.Not.EqualTo(_templates.Default(1, "default")));
    }

    [Test]
    public void A_customer_without_a_first_name_is_greeted_generically()
    {
        var rendered = _templates.Render(_templates.Default(1, "default"), EmailSamples.Model(firstName: null));

        Assert.That(rendered.Text, Does.Contain("Hi there,"));
    }
}
