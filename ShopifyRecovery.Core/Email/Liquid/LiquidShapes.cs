namespace ShopifyRecovery.Email.Liquid;

/// <summary>What a template may read: the validator checks every variable and member against this at save time.</summary>
abstract record Shape
{
    public static readonly Shape Text = new ScalarShape("text");
    public static readonly Shape Number = new ScalarShape("number");
    public static readonly Shape Boolean = new ScalarShape("true/false");
    public static readonly Shape Date = new ScalarShape("date");
    /// <summary>Assigned and captured variables: anything may be read from them.</summary>
    public static readonly Shape Any = new AnyShape();
}

sealed record ScalarShape(string Kind) : Shape;

sealed record AnyShape : Shape;

sealed record ListShape(Shape Element) : Shape;

sealed record ObjectShape(IReadOnlyDictionary<string, Shape> Members) : Shape
{
    public ObjectShape(params (string Name, Shape Shape)[] members)
        : this(members.ToDictionary(m => m.Name, m => m.Shape, StringComparer.Ordinal)) { }

    public static readonly ObjectShape ForLoop = new(
        ("index", Number), ("index0", Number), ("rindex", Number), ("rindex0", Number),
        ("first", Boolean), ("last", Boolean), ("length", Number));
}
