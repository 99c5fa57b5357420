using System.Globalization;

namespace ShopifyRecovery.Email.Liquid;

enum TokenKind { Identifier, Number, String, Dot, DotDot, LBracket, RBracket, LParen, RParen, Pipe, Colon, Comma, Comparison, Assign, End }

readonly record struct Token(TokenKind Kind, string Text, int Position, object? Value = null)
{
    public bool IsWord(string word) => Kind == TokenKind.Identifier && Text == word;

    public string Describe() => Kind == TokenKind.End ? "the end of the tag" : $"'{Text}'";
}

sealed class LiquidSyntaxException(int position, string message) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>Cuts the inside of a tag or output into tokens, keeping each token's offset in the whole template.</summary>
static class LiquidTokenizer
{
    public static List<Token> Tokenize(string markup, int offset)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < markup.Length)
        {
            var c = markup[i];
            var position = offset + i;
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < markup.Length && (char.IsLetterOrDigit(markup[i]) || markup[i] is '_' or '-'))
                    i++;
                if (i < markup.Length && markup[i] == '?')
                    i++;
                tokens.Add(new Token(TokenKind.Identifier, markup[start..i], position));
                continue;
            }
            if (char.IsDigit(c) || (c == '-' && i + 1 < markup.Length && char.IsDigit(markup[i + 1])))
            {
                var start = i++;
                while (i < markup.Length && char.IsDigit(markup[i]))
                    i++;
                if (i + 1 < markup.Length && markup[i] == '.' && char.IsDigit(markup[i + 1]))
                {
                    i++;
                    while (i < markup.Length && char.IsDigit(markup[i]))
                        i++;
                }
                var text = markup[start..i];
                tokens.Add(new Token(TokenKind.Number, text, position, decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture)));
                continue;
            }
            if (c is '\'' or '"')
            {
                var close = markup.IndexOf(c, i + 1);
                if (close < 0)
                    throw new LiquidSyntaxException(position, $"The text starting with {c} is never closed: add the closing {c}.");
                tokens.Add(new Token(TokenKind.String, markup[i..(close + 1)], position, markup[(i + 1)..close]));
                i = close + 1;
                continue;
            }
            var two = i + 1 < markup.Length ? markup.Substring(i, 2) : "";
            if (two is "==" or "!=" or "<>" or "<=" or ">=")
            {
                tokens.Add(new Token(TokenKind.Comparison, two, position));
                i += 2;
                continue;
            }
            if (two == "..")
            {
                tokens.Add(new Token(TokenKind.DotDot, two, position));
                i += 2;
                continue;
            }
            var kind = c switch
            {
                '.' => TokenKind.Dot,
                '[' => TokenKind.LBracket,
                ']' => TokenKind.RBracket,
                '(' => TokenKind.LParen,
                ')' => TokenKind.RParen,
                '|' => TokenKind.Pipe,
                ':' => TokenKind.Colon,
                ',' => TokenKind.Comma,
                '<' or '>' => TokenKind.Comparison,
                '=' => TokenKind.Assign,
                _ => throw new LiquidSyntaxException(position, $"'{c}' is not allowed here."),
            };
            tokens.Add(new Token(kind, c.ToString(), position));
            i++;
        }
        tokens.Add(new Token(TokenKind.End, "", offset + markup.Length));
        return tokens;
    }
}
