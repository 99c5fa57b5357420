using ShopifyRecovery.Email;

namespace ShopifyRecovery.Tests.Email;

public sealed class SanitizationTests
{
    readonly LiquidEmailTemplates _templates = new();

    const string Dangerous = """
        <table style="width:100%;background-color:#fafafa"><tr><td align="center">
        <img src="{{ cart.lines[0].image_url }}" onerror="steal()" width="64" style="border-radius:6px">
        <a href="javascript:steal()">Click</a>
        <script>steal()</script>
        <iframe src="https://evil.example"></iframe>
        <a href="{{ recovery_url }}" style="color:#fff">Return</a> {{ unsubscribe_url }}
        </td></tr></table>
        """;

    [Test]
    public void Rendering_drops_scripts_frames_event_handlers_and_javascript_links_but_keeps_tables_styles_and_images()
    {
        var html = _templates.Render(EmailSamples.Template(Dangerous), EmailSamples.Model()).Html;

        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("<iframe").And.Not.Contain("onerror").And.Not.Contain("javascript:"));
        Assert.That(html, Does.Contain("<table").And.Contain("background-color").And.Contain("<img src=\"https://cdn.example/shirt.jpg\""));
        Assert.That(html, Does.Contain("href=\"https://maple-oak.myshopify.com/checkouts/abc/recover?key=k1\""));
        Assert.That(html, Does.Contain("border-radius"));
    }

    [Test]
    public void Saving_reports_each_removed_element_and_attribute_on_its_line()
    {
        var errors = _templates.Validate(EmailSamples.Template(Dangerous));

        Assert.That(errors.Select(e => (e.Part, e.Line)), Is.EquivalentTo(new[] { ("html", 2), ("html", 3), ("html", 4), ("html", 5) }));
        Assert.That(errors.Single(e => e.Line == 4).Message, Does.Contain("<script>"));
        Assert.That(errors.Single(e => e.Line == 2).Message, Does.Contain("onerror"));
    }

    [Test]
    public void Liquid_inside_links_and_between_table_rows_is_not_mistaken_for_unsafe_markup()
    {
        const string html = "<table>{% for line in cart.lines %}<tr><td><a href=\"{{ recovery_url }}\"><img src=\"{{ line.image_url }}\"></a></td></tr>{% endfor %}</table>{{ unsubscribe_url }}";

        Assert.That(_templates.Validate(EmailSamples.Template(html)), Is.Empty);
    }
}
