using ShopifyRecovery.Email;

namespace ShopifyRecovery.Tests.Email;

public sealed class RenderingTests
{
    readonly LiquidEmailTemplates _templates = new();

    string RenderText(string text, EmailModel model) =>
        _templates.Render(EmailSamples.Template("<p>{{ unsubscribe_url }}</p>", text), model).Text.TrimEnd();

    [Test]
    public void Money_is_formatted_in_the_cart_currency_with_its_symbol()
    {
        var euros = RenderText("{{ cart.total | money }}|{{ cart.lines[1].price | money_with_currency }}", EmailSamples.Model("EUR"));
        var dollars = RenderText("{{ cart.total | money }}|{{ cart.lines[1].price | money_with_currency }}", EmailSamples.Model("USD"));

        Assert.That(euros, Is.EqualTo("€1,335.50|€1,234.50 EUR"));
        Assert.That(dollars, Is.EqualTo("$1,335.50|$1,234.50 USD"));
    }

    [Test]
    public void Money_uses_the_decimals_of_the_currency()
    {
        Assert.That(RenderText("{{ cart.total | money }}", EmailSamples.Model("JPY")), Is.EqualTo("¥1,336"));
        Assert.That(RenderText("{{ cart.total | money }}", EmailSamples.Model("KWD")), Is.EqualTo("KWD 1,335.500"));
        Assert.That(RenderText("{{ cart.total | money }}", EmailSamples.Model("CAD")), Is.EqualTo("CA$1,335.50"));
    }

    [Test]
    public void Values_are_html_escaped_in_the_html_part_but_not_in_the_text_part()
    {
        var lines = new List<EmailCartLine> { new("<script>alert(1)</script> & \"Co\"", null, 1, 5m, 5m, null, null) };
        var model = EmailSamples.Model(lines: lines);
        var source = EmailSamples.Template("<p>{{ cart.lines[0].title }}</p>{{ unsubscribe_url }}", "{{ cart.lines[0].title }} {{ unsubscribe_url }}");

        var rendered = _templates.Render(source, model);

        Assert.That(rendered.Html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"Co\""));
        Assert.That(rendered.Html, Does.Not.Contain("<script>"));
        Assert.That(rendered.Text, Does.StartWith("<script>alert(1)</script> & \"Co\""));
    }

    [Test]
    public void A_missing_discount_renders_nothing_and_takes_the_else_branch()
    {
        const string text = "{% if discount %}Code {{ discount.code }}{% else %}No code{% endif %}[{{ discount.code }}]";

        Assert.That(RenderText(text, EmailSamples.Model()), Is.EqualTo("No code[]"));
        Assert.That(RenderText(text, EmailSamples.Model(discount: EmailSamples.Discount())), Is.EqualTo("Code SAVE10-ABC[SAVE10-ABC]"));
    }

    [Test]
    public void The_expiry_is_formatted_by_the_date_filter_in_utc_or_a_named_zone()
    {
        var model = EmailSamples.Model(discount: EmailSamples.Discount());

        Assert.That(RenderText("{{ discount.expires_at | date: '%B %-d, %Y %H:%M %Z' }}", model), Is.EqualTo("December 3, 2026 17:30 UTC"));
        Assert.That(RenderText("{{ discount.expires_at | date: '%d/%m %H:%M', 'Europe/Paris' }}", model), Is.EqualTo("03/12 18:30"));
        Assert.That(RenderText("{{ discount.expires_at | date }}", model), Is.EqualTo("December 3, 2026"));
    }

    [Test]
    public void Loops_filters_and_conditions_follow_liquid_rules()
    {
        const string text = "{% for line in cart.lines %}{{ forloop.index }}.{{ line.title | upcase }}{% if line.variant_title %} ({{ line.variant_title }}){% endif %}{% unless forloop.last %}, {% endunless %}{% endfor %}" +
            " | {{ customer.first_name | default: 'friend' }} | {{ cart.item_count | pluralize: 'item', 'items' }} | {% assign n = cart.lines | size %}{{ n | plus: 1 }}";

        Assert.That(RenderText(text, EmailSamples.Model()), Is.EqualTo("1.LINEN SHIRT (Blue / M), 2.WOOL SCARF | Ada | items | 3"));
        Assert.That(RenderText("{{ customer.first_name | default: 'friend' }}", EmailSamples.Model(firstName: "")), Is.EqualTo("friend"));
    }

    [Test]
    public void Two_codes_and_free_shipping_are_available_to_templates()
    {
        var model = EmailSamples.Model(discount: EmailSamples.Discount(15m, true, "SAVE15-X", "SHIP-X"));

        var text = RenderText("{{ discount.percentage }}%{% if discount.free_shipping %}+ship{% endif %} {{ discount.codes | join: ' + ' }}", model);

        Assert.That(text, Is.EqualTo("15%+ship SAVE15-X + SHIP-X"));
    }

    [Test]
    public void A_subject_never_carries_a_line_break_into_the_header()
    {
        var lines = new List<EmailCartLine> { new("Shirt\r\nBcc: victim@example.com", null, 1, 5m, 5m, null, null) };

        var rendered = _templates.Render(EmailSamples.Template("{{ unsubscribe_url }}", subject: "Your {{ cart.lines[0].title }}\n today"), EmailSamples.Model(lines: lines));

        Assert.That(rendered.Subject, Is.EqualTo("Your Shirt Bcc: victim@example.com today"));
    }

    [Test]
    public void The_preheader_is_placed_hidden_at_the_top_of_the_body()
    {
        var rendered = _templates.Render(
            EmailSamples.Template("<html><body><p>Main</p>{{ unsubscribe_url }}</body></html>", preheader: "Saved for {{ customer.first_name }}"),
            EmailSamples.Model());

        Assert.That(rendered.Preheader, Is.EqualTo("Saved for Ada"));
        var body = rendered.Html.IndexOf("<body>", StringComparison.Ordinal);
        Assert.That(rendered.Html.IndexOf("Saved for Ada", StringComparison.Ordinal), Is.GreaterThan(body).And.LessThan(rendered.Html.IndexOf("Main", StringComparison.Ordinal)));
        Assert.That(rendered.Html, Does.Contain("display:none"));
    }

    [Test]
    public void A_template_that_does_not_parse_cannot_be_rendered()
    {
        var broken = EmailSamples.Template("{% if discount %}never closed {{ unsubscribe_url }}");

        var error = Assert.Throws<EmailTemplateException>(() => _templates.Render(broken, EmailSamples.Model()));

        Assert.That(error!.Errors, Has.Some.Matches<TemplateError>(e => e.Part == "html" && e.Message.Contains("endif")));
    }

    [Test]
    public void A_runaway_loop_is_stopped()
    {
        var runaway = EmailSamples.Template("{% for i in (1..99999) %}{% for j in (1..99999) %}x{% endfor %}{% endfor %}{{ unsubscribe_url }}");

        Assert.Throws<EmailTemplateException>(() => _templates.Render(runaway, EmailSamples.Model()));
    }
}
