namespace ShopifyRecovery.Email.Liquid;

/// <summary>
/// Checks a parsed template against the variables an email offers: unknown variables, members and filters, wrong
/// argument counts and loops over things that are not lists. Runs at save time, so a typo never reaches a shopper
/// as a silently empty greeting.
/// </summary>
static class LiquidValidator
{
    public static List<LiquidError> Validate(LiquidTemplate template, ObjectShape globals)
    {
        var walker = new Walker(globals);
        walker.Nodes(template.Nodes);
        return walker.Errors;
    }

    sealed class Walker(ObjectShape globals)
    {
        readonly Dictionary<string, Shape> _assigned = new(StringComparer.Ordinal);
        readonly List<Dictionary<string, Shape>> _loops = [];

        public List<LiquidError> Errors { get; } = [];

        public void Nodes(IReadOnlyList<LiquidNode>? nodes)
        {
            if (nodes is null)
                return;
            foreach (var node in nodes)
                Node(node);
        }

        void Node(LiquidNode node)
        {
            switch (node)
            {
                case OutputNode output:
                    Filtered(output.Expression, output.Filters);
                    break;
                case IfNode conditional:
                    foreach (var branch in conditional.Branches)
                    {
                        Expression(branch.Condition);
                        Nodes(branch.Body);
                    }
                    Nodes(conditional.Else);
                    break;
                case CaseNode choice:
                    Expression(choice.Subject);
                    foreach (var when in choice.Whens)
                    {
                        foreach (var value in when.Values)
                            Expression(value);
                        Nodes(when.Body);
                    }
                    Nodes(choice.Else);
                    break;
                case ForNode loop:
                    var element = Element(loop.Source);
                    if (loop.Limit is not null) Expression(loop.Limit);
                    if (loop.Offset is not null) Expression(loop.Offset);
                    _loops.Add(new Dictionary<string, Shape> { [loop.Variable] = element, ["forloop"] = ObjectShape.ForLoop });
                    Nodes(loop.Body);
                    _loops.RemoveAt(_loops.Count - 1);
                    Nodes(loop.Else);
                    break;
                case AssignNode assign:
                    _assigned[assign.Name] = Filtered(assign.Value, assign.Filters);
                    break;
                case CaptureNode capture:
                    Nodes(capture.Body);
                    _assigned[capture.Name] = Shape.Text;
                    break;
            }
        }

        Shape Filtered(LiquidExpression expression, IReadOnlyList<FilterCall> filters)
        {
            var shape = Expression(expression);
            foreach (var filter in filters)
            {
                foreach (var argument in filter.Arguments)
                    Expression(argument);
                if (!LiquidFilters.All.TryGetValue(filter.Name, out var definition))
                {
                    Errors.Add(new LiquidError(filter.Position, $"Unknown filter '{filter.Name}'{Suggest(filter.Name, LiquidFilters.All.Keys)}."));
                    continue;
                }
                var count = filter.Arguments.Count;
                if (count < definition.MinArguments || count > definition.MaxArguments)
                    Errors.Add(new LiquidError(filter.Position, $"The '{filter.Name}' filter takes {Arguments(definition)}, not {count}."));
                else if (definition.Check?.Invoke(filter.Arguments) is { } problem)
                    Errors.Add(new LiquidError(problem.Position, problem.Message));
                shape = filter.Name is "size" or "plus" or "minus" or "times" or "divided_by" or "round" ? Shape.Number : Shape.Any;
            }
            return shape;
        }

        Shape Element(LiquidExpression source)
        {
            var shape = Expression(source);
            switch (shape)
            {
                case ListShape list:
                    return list.Element;
                case AnyShape:
                    return Shape.Any;
                default:
                    if (source is RangeExpression)
                        return Shape.Number;
                    Errors.Add(new LiquidError(source.Position, $"{Describe(source)} is not a list, so it cannot be looped over."));
                    return Shape.Any;
            }
        }

        Shape Expression(LiquidExpression expression)
        {
            switch (expression)
            {
                case BinaryExpression binary:
                    Expression(binary.Left);
                    Expression(binary.Right);
                    return Shape.Boolean;
                case RangeExpression range:
                    Expression(range.From);
                    Expression(range.To);
                    return new ListShape(Shape.Number);
                case VariableExpression variable:
                    return Variable(variable);
                case LiteralExpression { Value: string }:
                    return Shape.Text;
                default:
                    return Shape.Any;
            }
        }

        Shape Variable(VariableExpression variable)
        {
            Shape? shape = null;
            for (var i = _loops.Count - 1; i >= 0 && shape is null; i--)
                _loops[i].TryGetValue(variable.Name, out shape);
            if (shape is null && !_assigned.TryGetValue(variable.Name, out shape) && !globals.Members.TryGetValue(variable.Name, out shape))
            {
                var known = globals.Members.Keys.Concat(_assigned.Keys).Concat(_loops.SelectMany(l => l.Keys));
                Errors.Add(new LiquidError(variable.Position, $"Unknown variable '{variable.Name}'{Suggest(variable.Name, known)}."));
                return Shape.Any;
            }

            for (var i = 0; i < variable.Path.Count; i++)
            {
                var accessor = variable.Path[i];
                if (accessor is IndexAccessor index)
                {
                    Expression(index.Index);
                    shape = shape is ListShape list ? list.Element : Shape.Any;
                    continue;
                }
                var name = ((MemberAccessor)accessor).Name;
                Shape? next = shape switch
                {
                    AnyShape => Shape.Any,
                    ObjectShape o when o.Members.TryGetValue(name, out var member) => member,
                    ListShape l => name switch { "size" => Shape.Number, "first" or "last" => l.Element, _ => null },
                    ScalarShape { Kind: "text" } when name == "size" => Shape.Number,
                    _ => null,
                };
                if (next is null)
                {
                    var owner = variable.Describe(i);
                    var options = shape switch
                    {
                        ObjectShape o => o.Members.Keys,
                        ListShape => ["size", "first", "last"],
                        _ => Enumerable.Empty<string>(),
                    };
                    var hint = shape is ScalarShape scalar ? $": {owner} is {Article(scalar.Kind)} and has no members" : Suggest(name, options);
                    Errors.Add(new LiquidError(accessor.Position, $"Unknown variable '{variable.Describe(i + 1)}'{hint}."));
                    return Shape.Any;
                }
                shape = next;
            }
            return shape;
        }

        static string Describe(LiquidExpression expression) =>
            expression is VariableExpression v ? $"'{v.Describe(v.Path.Count)}'" : "This value";

        static string Article(string kind) => kind == "true/false" ? "a true/false value" : $"a {kind}";

        static string Arguments(FilterDefinition definition) =>
            (definition.MinArguments, definition.MaxArguments) switch
            {
                (0, 0) => "no arguments",
                var (min, max) when min == max => $"{min} argument{(min == 1 ? "" : "s")}",
                var (min, max) => $"{min} to {max} arguments",
            };

        /// <summary>"Did you mean" for the closest known name, when it is close enough to be a typo.</summary>
        static string Suggest(string name, IEnumerable<string> candidates)
        {
            var best = candidates.Distinct()
                .Select(c => (Name: c, Distance: Distance(name, c)))
                .Where(c => c.Distance <= Math.Max(1, name.Length / 3))
                .OrderBy(c => c.Distance)
                .FirstOrDefault();
            return best.Name is null ? "" : $" (did you mean '{best.Name}'?)";
        }

        /// <summary>Edit distance where swapping two neighbouring letters counts once (monye → money).</summary>
        static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (var j = 0; j <= b.Length; j++) d[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            return d[a.Length, b.Length];
        }
    }
}
