using System.Text.RegularExpressions;
using ShopifyRecovery.Email.Liquid;

namespace ShopifyRecovery.Email;

/// <summary>A stored template that no longer parses; <see cref="Errors"/> says where.</summary>
public sealed class EmailTemplateException(IReadOnlyList<TemplateError> errors)
    : Exception("The email template is invalid: " + string.Join("; ", errors.Select(e => $"{e.Part} line {e.Line}: {e.Message}")))
{
    public IReadOnlyList<TemplateError> Errors { get; } = errors;
}

/// <summary>
/// Liquid email templates: strict at save (syntax, unknown variables and filters, markup the sanitizer would drop, a
/// missing unsubscribe link), safe at render (values HTML-escaped, the result sanitized, the preheader put in place).
/// </summary>
public sealed partial class LiquidEmailTemplates : IEmailTemplates
{
    public const string Subject = "subject", Preheader = "preheader", Html = "html", Text = "text";

    public IReadOnlyList<TemplateError> Validate(TemplateSource source)
    {
        var errors = new List<TemplateError>();
        foreach (var (part, text) in Parts(source))
        {
            var (template, syntax) = LiquidParser.Parse(text);
            var problems = syntax.Concat(LiquidValidator.Validate(template, EmailVariables.Globals));
            errors.AddRange(problems.OrderBy(p => p.Position).Select(p => Error(part, text, p.Position, p.Message)));

            if (part is Subject or Html or Text && string.IsNullOrWhiteSpace(text))
                errors.Add(new TemplateError(part, 1, 1, $"The {Describe(part)} is empty."));
            else if (part is Html or Text && syntax.Count == 0 && !Outputs(template.Nodes, "unsubscribe_url"))
                errors.Add(new TemplateError(part, 1, 1,
                    $"The {Describe(part)} must contain the unsubscribe link {{{{ unsubscribe_url }}}}: the law and the inbox providers require it."));
            if (part == Html)
                errors.AddRange(EmailHtmlSanitizer.Removals(text).Select(r => new TemplateError(part, r.Line, r.Column, r.Message)));
        }
        return errors;
    }

    public RenderedEmail Render(TemplateSource source, EmailModel model)
    {
        var parsed = new Dictionary<string, LiquidTemplate>();
        var errors = new List<TemplateError>();
        foreach (var (part, text) in Parts(source))
        {
            var (template, syntax) = LiquidParser.Parse(text);
            parsed[part] = template;
            errors.AddRange(syntax.Select(e => Error(part, text, e.Position, e.Message)));
        }
        if (errors.Count > 0)
            throw new EmailTemplateException(errors);

        var values = EmailVariables.Values(model);
        var context = new FilterContext(model.Cart.Currency);
        try
        {
            var subject = OneLine(LiquidRenderer.Render(parsed[Subject], values, context, html: false));
            var preheader = OneLine(LiquidRenderer.Render(parsed[Preheader], values, context, html: false));
            var html = EmailHtmlSanitizer.Sanitize(LiquidRenderer.Render(parsed[Html], values, context, html: true));
            var text = Tidy(LiquidRenderer.Render(parsed[Text], values, context, html: false));
            return new RenderedEmail(subject, preheader, WithPreheader(html, preheader), text);
        }
        catch (LiquidRenderException e)
        {
            throw new EmailTemplateException([new TemplateError(Html, 1, 1, e.Message)]);
        }
    }

    public TemplateSource Default(int stepNumber, string variant) => DefaultEmailTemplates.For(stepNumber, variant);

    static IEnumerable<(string Part, string Text)> Parts(TemplateSource source) =>
        [(Subject, source.Subject ?? ""), (Preheader, source.Preheader ?? ""), (Html, source.Html ?? ""), (Text, source.Text ?? "")];

    static string Describe(string part) => part switch
    {
        Subject => "subject",
        Preheader => "preheader",
        Html => "HTML part",
        _ => "plain-text part",
    };

    static TemplateError Error(string part, string text, int position, string message)
    {
        var (line, column) = LineAndColumn(text, position);
        return new TemplateError(part, line, column, message);
    }

    /// <summary>1-based line and column of an offset; \r\n, \n and \r each end a line.</summary>
    internal static (int Line, int Column) LineAndColumn(string text, int position)
    {
        position = Math.Clamp(position, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                continue;
            if (text[i] is '\n' or '\r')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, position - lineStart + 1);
    }

    static bool Outputs(IEnumerable<LiquidNode> nodes, string variable) => nodes.Any(node => node switch
    {
        OutputNode { Expression: VariableExpression v } => v.Name == variable,
        IfNode i => i.Branches.Any(b => Outputs(b.Body, variable)) || Outputs(i.Else ?? [], variable),
        CaseNode c => c.Whens.Any(w => Outputs(w.Body, variable)) || Outputs(c.Else ?? [], variable),
        ForNode f => Outputs(f.Body, variable) || Outputs(f.Else ?? [], variable),
        CaptureNode c => Outputs(c.Body, variable),
        _ => false,
    });

    // A subject or preheader with a line break would break the header it goes into.
    static string OneLine(string text) => WhitespacePattern().Replace(text, " ").Trim();

    static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd());
        return BlankLinesPattern().Replace(string.Join("\n", lines), "\n\n").Trim() + "\n";
    }

    /// <summary>The preheader is the inbox preview line: hidden text placed first in the body.</summary>
    static string WithPreheader(string html, string preheader)
    {
        if (preheader.Length == 0)
            return html;
        var hidden = "<div style=\"display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;\">" +
            HtmlText.Encode(preheader) + string.Concat(Enumerable.Repeat("&#847;&zwnj;&nbsp;", 40)) + "</div>";
        var body = BodyPattern().Match(html);
        return body.Success ? html.Insert(body.Index + body.Length, hidden) : hidden + html;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLinesPattern();

    [GeneratedRegex(@"<body[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BodyPattern();
}
