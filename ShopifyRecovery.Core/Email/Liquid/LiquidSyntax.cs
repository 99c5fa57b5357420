namespace ShopifyRecovery.Email.Liquid;

// The syntax tree of the Liquid subset email templates use. Every node keeps the offset where it starts in the
// source, so a problem found while validating points at the line the merchant has to fix.

abstract record LiquidNode(int Position);

sealed record TextNode(int Position, string Text) : LiquidNode(Position);

sealed record OutputNode(int Position, LiquidExpression Expression, IReadOnlyList<FilterCall> Filters) : LiquidNode(Position);

sealed record ConditionalBranch(LiquidExpression Condition, IReadOnlyList<LiquidNode> Body);

/// <summary><c>if</c>/<c>elsif</c>/<c>else</c>, and <c>unless</c> (its first condition negated).</summary>
sealed record IfNode(int Position, IReadOnlyList<ConditionalBranch> Branches, IReadOnlyList<LiquidNode>? Else, bool Unless) : LiquidNode(Position);

sealed record WhenBranch(IReadOnlyList<LiquidExpression> Values, IReadOnlyList<LiquidNode> Body);

sealed record CaseNode(int Position, LiquidExpression Subject, IReadOnlyList<WhenBranch> Whens, IReadOnlyList<LiquidNode>? Else) : LiquidNode(Position);

sealed record ForNode(int Position, string Variable, LiquidExpression Source, LiquidExpression? Limit, LiquidExpression? Offset,
    bool Reversed, IReadOnlyList<LiquidNode> Body, IReadOnlyList<LiquidNode>? Else) : LiquidNode(Position);

sealed record AssignNode(int Position, string Name, LiquidExpression Value, IReadOnlyList<FilterCall> Filters) : LiquidNode(Position);

sealed record CaptureNode(int Position, string Name, IReadOnlyList<LiquidNode> Body) : LiquidNode(Position);

sealed record BreakNode(int Position) : LiquidNode(Position);

sealed record ContinueNode(int Position) : LiquidNode(Position);

abstract record LiquidExpression(int Position);

sealed record LiteralExpression(int Position, object? Value) : LiquidExpression(Position);

/// <summary>A variable and the members or indexes read from it: <c>cart.lines[0].title</c>.</summary>
sealed record VariableExpression(int Position, string Name, IReadOnlyList<Accessor> Path) : LiquidExpression(Position)
{
    public string Describe(int segments) =>
        Name + string.Concat(Path.Take(segments).Select(a => a is MemberAccessor m ? "." + m.Name : "[…]"));
}

abstract record Accessor(int Position);

sealed record MemberAccessor(int Position, string Name) : Accessor(Position);

sealed record IndexAccessor(int Position, LiquidExpression Index) : Accessor(Position);

sealed record RangeExpression(int Position, LiquidExpression From, LiquidExpression To) : LiquidExpression(Position);

sealed record BinaryExpression(int Position, string Operator, LiquidExpression Left, LiquidExpression Right) : LiquidExpression(Position);

sealed record FilterCall(int Position, string Name, IReadOnlyList<LiquidExpression> Arguments);

/// <summary>The <c>empty</c> and <c>blank</c> keywords: they only mean something in a comparison.</summary>
sealed class SpecialValue(string name)
{
    public static readonly SpecialValue Empty = new("empty");
    public static readonly SpecialValue Blank = new("blank");
    public override string ToString() => name;
}

sealed record LiquidError(int Position, string Message);

sealed class LiquidTemplate(IReadOnlyList<LiquidNode> nodes)
{
    public IReadOnlyList<LiquidNode> Nodes { get; } = nodes;
}
