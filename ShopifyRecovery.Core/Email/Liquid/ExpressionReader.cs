namespace ShopifyRecovery.Email.Liquid;

/// <summary>Reads values, conditions and filter chains from the tokens of one tag; throws <see cref="LiquidSyntaxException"/>.</summary>
sealed class ExpressionReader(List<Token> tokens)
{
    int _index;

    public Token Peek => tokens[_index];

    public Token Next() => tokens[_index == tokens.Count - 1 ? _index : _index++];

    public bool TryWord(string word)
    {
        if (!Peek.IsWord(word))
            return false;
        _index++;
        return true;
    }

    public bool TryKind(TokenKind kind)
    {
        if (Peek.Kind != kind)
            return false;
        _index++;
        return true;
    }

    public Token Expect(TokenKind kind, string what)
    {
        var token = Peek;
        if (token.Kind != kind)
            throw new LiquidSyntaxException(token.Position, $"Expected {what} but found {token.Describe()}.");
        return Next();
    }

    public string ExpectIdentifier(string what) => Expect(TokenKind.Identifier, what).Text;

    public void ExpectEnd()
    {
        if (Peek.Kind != TokenKind.End)
            throw new LiquidSyntaxException(Peek.Position, $"Unexpected {Peek.Describe()}.");
    }

    /// <summary>Liquid has no precedence: <c>and</c>/<c>or</c> group from the right.</summary>
    public LiquidExpression Condition()
    {
        var left = Comparison();
        var op = Peek;
        if (op.IsWord("and") || op.IsWord("or"))
        {
            Next();
            return new BinaryExpression(op.Position, op.Text, left, Condition());
        }
        return left;
    }

    LiquidExpression Comparison()
    {
        var left = Value();
        var op = Peek;
        if (op.Kind == TokenKind.Comparison || op.IsWord("contains"))
        {
            Next();
            return new BinaryExpression(op.Position, op.Text, left, Value());
        }
        return left;
    }

    public LiquidExpression Value()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.String or TokenKind.Number:
                return new LiteralExpression(token.Position, token.Value);
            case TokenKind.LParen:
                var from = Value();
                Expect(TokenKind.DotDot, "'..' in a range like (1..5)");
                var to = Value();
                Expect(TokenKind.RParen, "')' to close the range");
                return new RangeExpression(token.Position, from, to);
            case TokenKind.Identifier:
                switch (token.Text)
                {
                    case "true": return new LiteralExpression(token.Position, true);
                    case "false": return new LiteralExpression(token.Position, false);
                    case "nil" or "null": return new LiteralExpression(token.Position, null);
                    case "empty": return new LiteralExpression(token.Position, SpecialValue.Empty);
                    case "blank": return new LiteralExpression(token.Position, SpecialValue.Blank);
                }
                var path = new List<Accessor>();
                while (true)
                {
                    if (TryKind(TokenKind.Dot))
                    {
                        var member = Expect(TokenKind.Identifier, "a name after '.'");
                        path.Add(new MemberAccessor(member.Position, member.Text));
                    }
                    else if (Peek.Kind == TokenKind.LBracket)
                    {
                        var open = Next();
                        var index = Value();
                        Expect(TokenKind.RBracket, "']'");
                        path.Add(new IndexAccessor(open.Position, index));
                    }
                    else
                    {
                        return new VariableExpression(token.Position, token.Text, path);
                    }
                }
            default:
                throw new LiquidSyntaxException(token.Position, $"Expected a variable or a value but found {token.Describe()}.");
        }
    }

    public List<FilterCall> Filters()
    {
        var filters = new List<FilterCall>();
        while (TryKind(TokenKind.Pipe))
        {
            var name = Expect(TokenKind.Identifier, "a filter name after '|'");
            var arguments = new List<LiquidExpression>();
            if (TryKind(TokenKind.Colon))
            {
                do arguments.Add(Value());
                while (TryKind(TokenKind.Comma));
            }
            filters.Add(new FilterCall(name.Position, name.Text, arguments));
        }
        return filters;
    }
}
