using System.Text.RegularExpressions;

namespace ShopifyRecovery.Email.Liquid;

enum SegmentKind { Text, Output, Tag }

/// <summary>A run of text, an <c>{{ output }}</c> or a <c>{% tag %}</c>, with where its markup starts.</summary>
sealed record Segment(SegmentKind Kind, int Position, string Content, int ContentPosition, bool TrimLeft = false, bool TrimRight = false)
{
    public string TagName { get; init; } = "";
    public string Markup { get; init; } = "";
    public int MarkupPosition { get; init; }
}

/// <summary>Splits a template into text, outputs and tags; <c>raw</c> and <c>comment</c> blocks are resolved here.</summary>
static partial class LiquidMarkup
{
    public static List<Segment> Split(string source, List<LiquidError> errors)
    {
        var segments = new List<Segment>();
        var i = 0;
        while (i < source.Length)
        {
            var start = NextMarkup(source, i);
            if (start < 0)
            {
                segments.Add(new Segment(SegmentKind.Text, i, source[i..], i));
                break;
            }
            if (start > i)
                segments.Add(new Segment(SegmentKind.Text, i, source[i..start], i));

            var isOutput = source[start + 1] == '{';
            var close = isOutput ? "}}" : "%}";
            var end = source.IndexOf(close, start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                errors.Add(new LiquidError(start, isOutput
                    ? "'{{' is never closed: add '}}' after the variable."
                    : "'{%' is never closed: add '%}' after the tag."));
                return segments;
            }

            var contentStart = start + 2;
            var content = source[contentStart..end];
            var trimLeft = content.StartsWith('-');
            var trimRight = content.EndsWith('-') && content.Length > (trimLeft ? 1 : 0);
            if (trimLeft) { content = content[1..]; contentStart++; }
            if (trimRight) content = content[..^1];
            i = end + 2;

            if (isOutput)
            {
                segments.Add(new Segment(SegmentKind.Output, start, content, contentStart, trimLeft, trimRight));
                continue;
            }

            var leading = content.Length - content.TrimStart().Length;
            var nameMatch = TagNamePattern().Match(content, leading);
            var name = nameMatch.Success && nameMatch.Index == leading ? nameMatch.Value : "";
            var markupOffset = leading + name.Length;
            var tag = new Segment(SegmentKind.Tag, start, content, contentStart, trimLeft, trimRight)
            {
                TagName = name,
                Markup = content[markupOffset..],
                MarkupPosition = contentStart + markupOffset,
            };

            if (name is "raw" or "comment")
            {
                var closer = name == "raw" ? EndRawPattern() : EndCommentPattern();
                var match = closer.Match(source, i);
                if (!match.Success)
                {
                    errors.Add(new LiquidError(start, $"'{{% {name} %}}' is never closed: add '{{% end{name} %}}'."));
                    return segments;
                }
                if (name == "raw")
                    segments.Add(new Segment(SegmentKind.Text, i, source[i..match.Index], i));
                i = match.Index + match.Length;
                continue;
            }
            segments.Add(tag);
        }
        ApplyWhitespaceControl(segments);
        return segments;
    }

    static int NextMarkup(string source, int from)
    {
        while (true)
        {
            var brace = source.IndexOf('{', from);
            if (brace < 0 || brace == source.Length - 1)
                return -1;
            if (source[brace + 1] is '{' or '%')
                return brace;
            from = brace + 1;
        }
    }

    /// <summary><c>{{-</c> and <c>-%}</c> eat the whitespace next to them, as in Shopify's Liquid.</summary>
    static void ApplyWhitespaceControl(List<Segment> segments)
    {
        for (var k = 0; k < segments.Count; k++)
        {
            var segment = segments[k];
            if (segment.Kind == SegmentKind.Text)
                continue;
            if (segment.TrimLeft && k > 0 && segments[k - 1] is { Kind: SegmentKind.Text } before)
                segments[k - 1] = before with { Content = before.Content.TrimEnd() };
            if (segment.TrimRight && k + 1 < segments.Count && segments[k + 1] is { Kind: SegmentKind.Text } after)
                segments[k + 1] = after with { Content = after.Content.TrimStart() };
        }
    }

    [GeneratedRegex(@"#|[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex TagNamePattern();

    [GeneratedRegex(@"\{%-?\s*endraw\s*-?%\}")]
    private static partial Regex EndRawPattern();

    [GeneratedRegex(@"\{%-?\s*endcomment\s*-?%\}")]
    private static partial Regex EndCommentPattern();
}
