using ShopifyRecovery.Email;

namespace ShopifyRecovery.Tests.Email;

public sealed class ValidationTests
{
    readonly LiquidEmailTemplates _templates = new();

    IReadOnlyList<TemplateError> ValidateHtml(string html) => _templates.Validate(EmailSamples.Template(html));

    [Test]
    public void A_syntax_error_on_line_3_is_reported_on_line_3()
    {
        const string html = "<p>Hello</p>\n<p>{{ customer.first_name }}</p>\n<p>{{ cart.total | }}</p>\n<p>{{ unsubscribe_url }}</p>";

        var errors = ValidateHtml(html);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Has.Property(nameof(TemplateError.Part)).EqualTo("html").And.Property(nameof(TemplateError.Line)).EqualTo(3));
        Assert.That(errors[0].Message, Does.Contain("filter name"));
    }

    [Test]
    public void An_unknown_variable_on_line_5_is_reported_on_line_5_at_the_misspelt_member_with_a_suggestion()
    {
        const string html = "<table>\r\n{% for line in cart.lines %}\r\n<tr><td>{{ line.title }}</td></tr>\r\n{% endfor %}\r\n<p>Total: {{ cart.totl | money }}</p>\r\n{{ unsubscribe_url }}";

        var errors = ValidateHtml(html);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That((errors[0].Line, errors[0].Column), Is.EqualTo((5, 19)));
        Assert.That(errors[0].Message, Does.Contain("cart.totl").And.Contain("total"));
    }

    [Test]
    public void Unknown_root_variables_and_filters_are_both_reported()
    {
        var errors = _templates.Validate(EmailSamples.Template("{{ unsubscribe_url }}", "line one\n{{ costumer.first_name }}\n{{ cart.total | monye }}\n{{ unsubscribe_url }}"));

        Assert.That(errors.Select(e => (e.Part, e.Line)), Is.EquivalentTo(new[] { ("text", 2), ("text", 3) }));
        Assert.That(errors[0].Message, Does.Contain("costumer").And.Contain("customer"));
        Assert.That(errors[1].Message, Does.Contain("monye").And.Contain("money"));
    }

    [Test]
    public void Loop_variables_and_assigned_variables_are_known_only_where_they_exist()
    {
        const string html = "{% assign greeting = 'Hi' %}{{ greeting }}\n{% for line in cart.lines %}{{ line.title }}{{ forloop.index }}{% endfor %}\n{{ line.title }}{{ unsubscribe_url }}";

        var errors = ValidateHtml(html);

        Assert.That(errors.Select(e => e.Line), Is.EqualTo(new[] { 3 }));
        Assert.That(errors[0].Message, Does.Contain("'line'"));
    }

    [Test]
    public void A_block_never_closed_is_reported_where_it_opens()
    {
        var errors = ValidateHtml("{{ unsubscribe_url }}\n\n  {% if discount %}\n<p>code</p>");

        Assert.That(errors.Single(), Has.Property(nameof(TemplateError.Line)).EqualTo(3).And.Property(nameof(TemplateError.Column)).EqualTo(3));
        Assert.That(errors.Single().Message, Does.Contain("endif"));
    }

    [Test]
    public void Each_part_is_checked_and_named()
    {
        var source = new TemplateSource("{{ shop.nme }}", "{% if %}", "{{ unsubscribe_url }}", "{{ unsubscribe_url }}{{ cart.lines | join: }}");

        var errors = _templates.Validate(source);

        Assert.That(errors.Select(e => e.Part).Distinct(), Is.EquivalentTo(new[] { "subject", "preheader", "text" }));
    }

    [Test]
    public void Wrong_filter_arguments_and_bad_literals_are_reported()
    {
        var errors = ValidateHtml("{{ unsubscribe_url }}\n{{ cart.total | money: 'EURO' }}\n{{ discount.expires_at | date: '%Y', 'Mars/Olympus' }}\n{{ cart.total | plus }}");

        Assert.That(errors.Select(e => e.Line), Is.EqualTo(new[] { 2, 3, 4 }));
    }

    [Test]
    public void Members_of_plain_values_and_loops_over_non_lists_are_reported()
    {
        var errors = ValidateHtml("{{ unsubscribe_url }}{{ shop.name.first }}\n{% for x in shop.name %}{% endfor %}");

        Assert.That(errors.Select(e => e.Line), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void Parts_without_the_unsubscribe_link_are_refused()
    {
        var errors = _templates.Validate(new TemplateSource("Hi", "", "<p>No way out</p>", "No way out"));

        Assert.That(errors.Select(e => e.Part), Is.EquivalentTo(new[] { "html", "text" }));
        Assert.That(errors.All(e => e.Message.Contains("unsubscribe_url")));
    }

    [Test]
    public void An_empty_subject_is_refused()
    {
        var errors = _templates.Validate(EmailSamples.Template("{{ unsubscribe_url }}", subject: "  "));

        Assert.That(errors.Single().Part, Is.EqualTo("subject"));
    }

    [Test]
    public void A_correct_template_using_every_variable_has_no_errors()
    {
        const string html = """
            {{ shop.name }}{{ shop.email }}{{ shop.address }}{{ shop.domain }}{{ customer.first_name }}{{ customer.last_name }}{{ customer.email }}
            {% for line in cart.lines limit: 2 offset: 0 reversed %}{{ line.title }}{{ line.variant_title }}{{ line.quantity }}{{ line.price | money }}{{ line.line_price | money }}{{ line.image_url }}{{ line.product_type }}{% else %}empty{% endfor %}
            {{ cart.subtotal | money_without_currency }}{{ cart.total }}{{ cart.currency }}{{ cart.item_count }}{{ cart.lines.size }}{{ cart.lines.first.title }}
            {{ recovery_url }}{% if discount and discount.percentage > 5 %}{{ discount.code }}{{ discount.free_shipping }}{{ discount.expires_at | date: '%Y' }}{{ discount.codes | join: ', ' }}{% endif %}
            {% case step_number %}{% when 1, 2 %}early{% when 3 %}last{% else %}later{% endcase %}{% capture c %}x{% endcapture %}{{ c }}{{ unsubscribe_url }}{% comment %}{{ nothing }}{% endcomment %}{% raw %}{{ raw }}{% endraw %}
            """;

        Assert.That(ValidateHtml(html), Is.Empty);
    }
}
