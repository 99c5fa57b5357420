using System.Text;

namespace ShopifyRecovery.Email.Liquid;

sealed class LiquidRenderException(string message) : Exception(message);

/// <summary>
/// Renders a parsed template over plain values. In HTML mode every output is HTML-escaped, so a product title or a
/// customer name can never inject markup. Loops and output are bounded, so a merchant's template cannot hang a worker.
/// </summary>
sealed class LiquidRenderer
{
    const int MaxSteps = 100_000;
    const int MaxOutputChars = 2_000_000;

    readonly IReadOnlyDictionary<string, object?> _globals;
    readonly FilterContext _context;
    readonly bool _html;
    readonly Dictionary<string, object?> _assigned = new(StringComparer.Ordinal);
    readonly List<Dictionary<string, object?>> _loops = [];
    int _steps;

    enum Flow { Normal, Break, Continue }

    LiquidRenderer(IReadOnlyDictionary<string, object?> globals, FilterContext context, bool html)
    {
        _globals = globals;
        _context = context;
        _html = html;
    }

    public static string Render(LiquidTemplate template, IReadOnlyDictionary<string, object?> globals, FilterContext context, bool html)
    {
        var output = new StringBuilder();
        new LiquidRenderer(globals, context, html).Nodes(template.Nodes, output);
        return output.ToString();
    }

    Flow Nodes(IReadOnlyList<LiquidNode>? nodes, StringBuilder output)
    {
        if (nodes is null)
            return Flow.Normal;
        foreach (var node in nodes)
        {
            if (++_steps > MaxSteps)
                throw new LiquidRenderException($"The template did more than {MaxSteps} steps; loops are limited.");
            if (output.Length > MaxOutputChars)
                throw new LiquidRenderException("The template produced more than 2 million characters.");
            var flow = Node(node, output);
            if (flow != Flow.Normal)
                return flow;
        }
        return Flow.Normal;
    }

    Flow Node(LiquidNode node, StringBuilder output)
    {
        switch (node)
        {
            case TextNode text:
                output.Append(text.Text);
                return Flow.Normal;
            case OutputNode print:
                var value = LiquidValues.ToText(Filtered(print.Expression, print.Filters));
                output.Append(_html ? HtmlText.Encode(value) : value);
                return Flow.Normal;
            case IfNode conditional:
                for (var i = 0; i < conditional.Branches.Count; i++)
                {
                    var branch = conditional.Branches[i];
                    var truth = LiquidValues.IsTruthy(Evaluate(branch.Condition));
                    if (conditional.Unless && i == 0)
                        truth = !truth;
                    if (truth)
                        return Nodes(branch.Body, output);
                }
                return Nodes(conditional.Else, output);
            case CaseNode choice:
                var subject = Evaluate(choice.Subject);
                foreach (var when in choice.Whens)
                    if (when.Values.Any(v => LiquidValues.AreEqual(subject, Evaluate(v))))
                        return Nodes(when.Body, output);
                return Nodes(choice.Else, output);
            case ForNode loop:
                return For(loop, output);
            case AssignNode assign:
                _assigned[assign.Name] = Filtered(assign.Value, assign.Filters);
                return Flow.Normal;
            case CaptureNode capture:
                var captured = new StringBuilder();
                var flow = Nodes(capture.Body, captured);
                _assigned[capture.Name] = captured.ToString();
                return flow;
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            default:
                return Flow.Normal;
        }
    }

    Flow For(ForNode loop, StringBuilder output)
    {
        IEnumerable<object?> items = LiquidValues.ToList(Evaluate(loop.Source));
        if (loop.Offset is not null)
            items = items.Skip((int)Math.Max(0, LiquidValues.ToNumber(Evaluate(loop.Offset)) ?? 0));
        if (loop.Limit is not null)
            items = items.Take((int)Math.Max(0, LiquidValues.ToNumber(Evaluate(loop.Limit)) ?? 0));
        var list = items.ToList();
        if (loop.Reversed)
            list.Reverse();
        if (list.Count == 0)
            return Nodes(loop.Else, output);

        var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
        _loops.Add(scope);
        try
        {
            for (var i = 0; i < list.Count; i++)
            {
                scope[loop.Variable] = list[i];
                scope["forloop"] = new Dictionary<string, object?>
                {
                    ["index"] = (decimal)(i + 1), ["index0"] = (decimal)i,
                    ["rindex"] = (decimal)(list.Count - i), ["rindex0"] = (decimal)(list.Count - i - 1),
                    ["first"] = i == 0, ["last"] = i == list.Count - 1, ["length"] = (decimal)list.Count,
                };
                if (Nodes(loop.Body, output) == Flow.Break)
                    break;
            }
        }
        finally
        {
            _loops.RemoveAt(_loops.Count - 1);
        }
        return Flow.Normal;
    }

    object? Filtered(LiquidExpression expression, IReadOnlyList<FilterCall> filters)
    {
        var value = Evaluate(expression);
        foreach (var filter in filters)
        {
            // Validation rejects unknown filters at save time; one that slips through passes the value on unchanged.
            if (!LiquidFilters.All.TryGetValue(filter.Name, out var definition))
                continue;
            var arguments = filter.Arguments.Select(Evaluate).ToList();
            if (arguments.Count < definition.MinArguments || arguments.Count > definition.MaxArguments)
                continue;
            value = definition.Apply(value, arguments, _context);
        }
        return value;
    }

    object? Evaluate(LiquidExpression expression)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                return literal.Value;
            case VariableExpression variable:
                var value = Lookup(variable.Name);
                foreach (var accessor in variable.Path)
                    value = accessor is MemberAccessor member
                        ? LiquidValues.Member(value, member.Name)
                        : LiquidValues.Index(value, Evaluate(((IndexAccessor)accessor).Index));
                return value;
            case RangeExpression range:
                var from = (int)Math.Clamp(LiquidValues.ToNumber(Evaluate(range.From)) ?? 0, int.MinValue / 2, int.MaxValue / 2);
                var to = (int)Math.Clamp(LiquidValues.ToNumber(Evaluate(range.To)) ?? 0, int.MinValue / 2, int.MaxValue / 2);
                if (to - from >= MaxSteps)
                    throw new LiquidRenderException($"The range ({from}..{to}) is longer than {MaxSteps}.");
                return to < from ? [] : Enumerable.Range(from, to - from + 1).Select(i => (object?)(decimal)i).ToList();
            case BinaryExpression binary:
                return Binary(binary);
            default:
                return null;
        }
    }

    object? Binary(BinaryExpression binary)
    {
        switch (binary.Operator)
        {
            case "and":
                return LiquidValues.IsTruthy(Evaluate(binary.Left)) && LiquidValues.IsTruthy(Evaluate(binary.Right));
            case "or":
                return LiquidValues.IsTruthy(Evaluate(binary.Left)) || LiquidValues.IsTruthy(Evaluate(binary.Right));
        }
        var left = Evaluate(binary.Left);
        var right = Evaluate(binary.Right);
        return binary.Operator switch
        {
            "==" => LiquidValues.AreEqual(left, right),
            "!=" or "<>" => !LiquidValues.AreEqual(left, right),
            "contains" => LiquidValues.Contains(left, right),
            "<" => LiquidValues.Compare(left, right) is < 0,
            ">" => LiquidValues.Compare(left, right) is > 0,
            "<=" => LiquidValues.Compare(left, right) is <= 0,
            ">=" => LiquidValues.Compare(left, right) is >= 0,
            _ => false,
        };
    }

    object? Lookup(string name)
    {
        for (var i = _loops.Count - 1; i >= 0; i--)
            if (_loops[i].TryGetValue(name, out var value))
                return value;
        if (_assigned.TryGetValue(name, out var assigned))
            return assigned;
        return _globals.TryGetValue(name, out var global) ? global : null;
    }
}

static class HtmlText
{
    /// <summary>Escapes the five characters that matter in text and attribute values; leaves other characters readable.</summary>
    public static string Encode(string value)
    {
        if (value.AsSpan().IndexOfAny("&<>\"'") < 0)
            return value;
        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        return builder.ToString();
    }
}
