namespace ShopifyRecovery.Email.Liquid;

/// <summary>
/// Parses the Liquid subset email templates need (output with filters, if/elsif/else/unless, case/when, for with
/// limit/offset/reversed/else, assign, capture, break/continue, raw, comment). It keeps going after a mistake so one
/// save reports every problem, each with the offset where it is.
/// </summary>
static class LiquidParser
{
    static readonly HashSet<string> KnownTags =
        ["if", "elsif", "else", "endif", "unless", "endunless", "case", "when", "endcase", "for", "endfor",
         "assign", "capture", "endcapture", "break", "continue", "echo", "#"];

    public static (LiquidTemplate Template, IReadOnlyList<LiquidError> Errors) Parse(string source)
    {
        var errors = new List<LiquidError>();
        var segments = LiquidMarkup.Split(source, errors);
        var cursor = new Cursor(segments, errors);
        var (nodes, stray) = cursor.Block(new HashSet<string>());
        if (stray is not null)
            errors.Add(new LiquidError(stray.Position, $"'{{% {stray.TagName} %}}' does not belong to any open tag."));
        return (new LiquidTemplate(nodes), errors);
    }

    sealed record ForHeader(string Variable, LiquidExpression Source, LiquidExpression? Limit, LiquidExpression? Offset, bool Reversed);

    sealed class Cursor(List<Segment> segments, List<LiquidError> errors)
    {
        int _index;

        /// <summary>Reads nodes up to one of <paramref name="terminators"/>; returns it, or null at the end of the template.</summary>
        public (List<LiquidNode> Nodes, Segment? Terminator) Block(IReadOnlySet<string> terminators)
        {
            var nodes = new List<LiquidNode>();
            while (_index < segments.Count)
            {
                var segment = segments[_index++];
                switch (segment.Kind)
                {
                    case SegmentKind.Text:
                        if (segment.Content.Length > 0)
                            nodes.Add(new TextNode(segment.Position, segment.Content));
                        break;
                    case SegmentKind.Output:
                        Try(segment, () =>
                        {
                            var reader = Reader(segment.Content, segment.ContentPosition);
                            if (reader.Peek.Kind == TokenKind.End)
                                throw new LiquidSyntaxException(segment.Position, "'{{ }}' is empty: put a variable inside, like {{ customer.first_name }}.");
                            var value = reader.Value();
                            var filters = reader.Filters();
                            reader.ExpectEnd();
                            nodes.Add(new OutputNode(segment.Position, value, filters));
                        });
                        break;
                    default:
                        if (terminators.Contains(segment.TagName))
                            return (nodes, segment);
                        if (Tag(segment) is { } node)
                            nodes.Add(node);
                        break;
                }
            }
            return (nodes, null);
        }

        LiquidNode? Tag(Segment tag)
        {
            LiquidNode? node = null;
            Try(tag, () => node = tag.TagName switch
            {
                "if" or "unless" => If(tag),
                "case" => Case(tag),
                "for" => For(tag),
                "assign" => Assign(tag),
                "capture" => Capture(tag),
                "echo" => Echo(tag),
                "break" => Bare(tag, new BreakNode(tag.Position)),
                "continue" => Bare(tag, new ContinueNode(tag.Position)),
                "#" => null,
                "" => throw new LiquidSyntaxException(tag.Position, "'{% %}' is empty: put a tag inside, like {% if discount %}."),
                _ when KnownTags.Contains(tag.TagName) =>
                    throw new LiquidSyntaxException(tag.Position, $"'{{% {tag.TagName} %}}' does not belong to any open tag."),
                _ => throw new LiquidSyntaxException(tag.Position, $"Unknown tag '{tag.TagName}'."),
            });
            return node;
        }

        LiquidNode If(Segment tag)
        {
            var end = "end" + tag.TagName;
            var terminators = new HashSet<string> { "elsif", "else", end };
            var branches = new List<ConditionalBranch>();
            IReadOnlyList<LiquidNode>? otherwise = null;
            var current = tag;
            while (true)
            {
                var condition = Condition(current);
                var (body, terminator) = Block(terminators);
                branches.Add(new ConditionalBranch(condition, body));
                if (terminator is null)
                    throw Unclosed(tag, end);
                if (terminator.TagName == "elsif")
                {
                    current = terminator;
                    continue;
                }
                if (terminator.TagName == "else")
                {
                    var (elseBody, last) = Block(new HashSet<string> { end });
                    otherwise = elseBody;
                    if (last is null)
                        throw Unclosed(tag, end);
                }
                return new IfNode(tag.Position, branches, otherwise, tag.TagName == "unless");
            }
        }

        LiquidNode Case(Segment tag)
        {
            var subject = Guarded(tag, () =>
            {
                var reader = Reader(tag.Markup, tag.MarkupPosition);
                var value = reader.Value();
                reader.ExpectEnd();
                return value;
            });
            var terminators = new HashSet<string> { "when", "else", "endcase" };
            var (_, terminator) = Block(terminators);
            var whens = new List<WhenBranch>();
            IReadOnlyList<LiquidNode>? otherwise = null;
            while (terminator is not null && terminator.TagName != "endcase")
            {
                var clause = terminator;
                var values = clause.TagName == "when" ? Guarded(clause, () => WhenValues(clause)) : null;
                var (body, next) = Block(terminators);
                if (values is not null)
                    whens.Add(new WhenBranch(values, body));
                else if (clause.TagName == "else")
                    otherwise = body;
                terminator = next;
            }
            if (terminator is null)
                throw Unclosed(tag, "endcase");
            return new CaseNode(tag.Position, subject ?? new LiteralExpression(tag.Position, null), whens, otherwise);
        }

        static List<LiquidExpression> WhenValues(Segment clause)
        {
            var reader = Reader(clause.Markup, clause.MarkupPosition);
            var values = new List<LiquidExpression> { reader.Value() };
            while (reader.TryKind(TokenKind.Comma) || reader.TryWord("or"))
                values.Add(reader.Value());
            reader.ExpectEnd();
            return values;
        }

        LiquidNode For(Segment tag)
        {
            var header = Guarded<ForHeader?>(tag, () =>
            {
                var reader = Reader(tag.Markup, tag.MarkupPosition);
                var variable = reader.ExpectIdentifier("a loop variable, as in {% for line in cart.lines %}");
                if (!reader.TryWord("in"))
                    throw new LiquidSyntaxException(reader.Peek.Position, $"Expected 'in' but found {reader.Peek.Describe()}.");
                var source = reader.Value();
                LiquidExpression? limit = null, offset = null;
                var reversed = false;
                while (reader.Peek.Kind != TokenKind.End)
                {
                    if (reader.TryWord("reversed")) { reversed = true; continue; }
                    var option = reader.Peek;
                    if (option.IsWord("limit") || option.IsWord("offset"))
                    {
                        reader.Next();
                        reader.Expect(TokenKind.Colon, $"':' after '{option.Text}'");
                        if (option.Text == "limit") limit = reader.Value(); else offset = reader.Value();
                        reader.TryKind(TokenKind.Comma);
                        continue;
                    }
                    throw new LiquidSyntaxException(option.Position, $"Unexpected {option.Describe()}: a for loop takes limit:, offset: and reversed.");
                }
                return new ForHeader(variable, source, limit, offset, reversed);
            });
            var (body, terminator) = Block(new HashSet<string> { "else", "endfor" });
            IReadOnlyList<LiquidNode>? otherwise = null;
            if (terminator?.TagName == "else")
            {
                (var elseBody, terminator) = Block(new HashSet<string> { "endfor" });
                otherwise = elseBody;
            }
            if (terminator is null)
                throw Unclosed(tag, "endfor");
            if (header is null)
                return new TextNode(tag.Position, "");
            return new ForNode(tag.Position, header.Variable, header.Source, header.Limit, header.Offset, header.Reversed, body, otherwise);
        }

        static LiquidNode Assign(Segment tag)
        {
            var reader = Reader(tag.Markup, tag.MarkupPosition);
            var name = reader.ExpectIdentifier("a variable name, as in {% assign greeting = 'Hi' %}");
            reader.Expect(TokenKind.Assign, "'=' after the variable name");
            var value = reader.Value();
            var filters = reader.Filters();
            reader.ExpectEnd();
            return new AssignNode(tag.Position, name, value, filters);
        }

        LiquidNode Capture(Segment tag)
        {
            var name = Guarded(tag, () =>
            {
                var reader = Reader(tag.Markup, tag.MarkupPosition);
                var identifier = reader.ExpectIdentifier("a variable name, as in {% capture greeting %}");
                reader.ExpectEnd();
                return identifier;
            });
            var (body, terminator) = Block(new HashSet<string> { "endcapture" });
            if (terminator is null)
                throw Unclosed(tag, "endcapture");
            return name is null ? new TextNode(tag.Position, "") : new CaptureNode(tag.Position, name, body);
        }

        static LiquidNode Echo(Segment tag)
        {
            var reader = Reader(tag.Markup, tag.MarkupPosition);
            var value = reader.Value();
            var filters = reader.Filters();
            reader.ExpectEnd();
            return new OutputNode(tag.Position, value, filters);
        }

        static LiquidNode Bare(Segment tag, LiquidNode node)
        {
            Reader(tag.Markup, tag.MarkupPosition).ExpectEnd();
            return node;
        }

        LiquidExpression Condition(Segment tag) =>
            Guarded(tag, () =>
            {
                var reader = Reader(tag.Markup, tag.MarkupPosition);
                if (reader.Peek.Kind == TokenKind.End)
                    throw new LiquidSyntaxException(tag.Position, $"'{{% {tag.TagName} %}}' needs a condition.");
                var condition = reader.Condition();
                reader.ExpectEnd();
                return condition;
            }) ?? new LiteralExpression(tag.Position, false);

        /// <summary>Records a mistake in a block's opening tag but keeps the block, so its end tag still matches.</summary>
        T? Guarded<T>(Segment tag, Func<T> read)
        {
            try
            {
                return read();
            }
            catch (LiquidSyntaxException e)
            {
                errors.Add(new LiquidError(e.Position, e.Message));
                return default;
            }
        }

        void Try(Segment segment, Action read)
        {
            try
            {
                read();
            }
            catch (LiquidSyntaxException e)
            {
                errors.Add(new LiquidError(e.Position, e.Message));
            }
        }

        static LiquidSyntaxException Unclosed(Segment tag, string end) =>
            new(tag.Position, $"'{{% {tag.TagName} %}}' is never closed: add '{{% {end} %}}'.");

        static ExpressionReader Reader(string markup, int offset)
        {
            return new ExpressionReader(LiquidTokenizer.Tokenize(markup, offset));
        }
    }
}
