using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace ShopifyRecovery.Email;

/// <summary>
/// Keeps what email HTML needs (tables, inline styles, images, links, a &lt;style&gt; block) and drops what it must
/// never carry: scripts, frames, forms, event handlers and javascript: URLs.
/// </summary>
static partial class EmailHtmlSanitizer
{
    static readonly string[] DroppedTags =
        ["form", "button", "input", "textarea", "select", "option", "optgroup", "keygen", "datalist", "output", "label", "fieldset", "legend", "menu", "menuitem"];

    static readonly string[] ExtraAttributes =
        ["align", "valign", "bgcolor", "width", "height", "border", "cellpadding", "cellspacing", "role", "lang", "dir", "target", "class", "id", "alt", "title"];

    static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        foreach (var tag in DroppedTags)
            sanitizer.AllowedTags.Remove(tag);
        sanitizer.AllowedTags.Add("style");
        sanitizer.AllowedTags.Add("center");
        sanitizer.AllowedTags.Add("title");
        foreach (var attribute in ExtraAttributes)
            sanitizer.AllowedAttributes.Add(attribute);
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedSchemes.Add("tel");
        return sanitizer;
    }

    /// <summary>Sanitizes a rendered email, keeping its document structure.</summary>
    public static string Sanitize(string html)
    {
        var clean = Create().SanitizeDocument(html);
        clean = HeadPattern().Replace(clean, "<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", 1);
        return "<!DOCTYPE html>\n" + clean;
    }

    /// <summary>
    /// What sanitizing would remove from a template, with the line and column where it is. Liquid markup is masked
    /// first (same length, line breaks kept) so <c>href="{{ recovery_url }}"</c> is judged as a link, not as braces.
    /// </summary>
    public static List<(int Line, int Column, string Message)> Removals(string template)
    {
        var masked = LiquidMarkupPattern().Replace(template, m => Regex.Replace(m.Value, "[^\r\n]", "x"));
        var document = new HtmlParser(new HtmlParserOptions { IsKeepingSourceReferences = true }).ParseDocument(masked);
        var removals = new List<(int, int, string)>();
        var sanitizer = Create();
        sanitizer.RemovingTag += (_, e) =>
        {
            // Every sent email gets its own charset and viewport meta tags, so a merchant's are replaced, not lost.
            if (e.Tag.LocalName == "meta")
                return;
            var position = e.Tag.SourceReference?.Position;
            removals.Add((position?.Line ?? 1, position?.Column ?? 1,
                $"<{e.Tag.LocalName}> is not allowed in email HTML and is removed when the email is sent."));
        };
        sanitizer.RemovingAttribute += (_, e) =>
        {
            var position = e.Tag.SourceReference?.Position;
            var name = e.Attribute.Name;
            var why = name.StartsWith("on", StringComparison.OrdinalIgnoreCase)
                ? "scripts never run in email"
                : e.Reason == RemoveReason.NotAllowedUrlValue ? "only http, https, mailto and tel links are allowed" : "it is not allowed in email HTML";
            removals.Add((position?.Line ?? 1, position?.Column ?? 1,
                $"The {name} attribute on <{e.Tag.LocalName}> is removed when the email is sent: {why}."));
        };
        sanitizer.SanitizeDom(document);
        return removals;
    }

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex LiquidMarkupPattern();

    [GeneratedRegex(@"<head>", RegexOptions.IgnoreCase)]
    private static partial Regex HeadPattern();
}
