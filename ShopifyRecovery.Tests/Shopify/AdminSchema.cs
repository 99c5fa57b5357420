using System.Text.Json;
using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace ShopifyRecovery.Tests.Shopify;

/// <summary>
/// The Admin API 2026-04 schema (Fixtures/graphql), loaded once into GraphQL.NET so documents and the variables we send
/// are checked by the standard validation rules, as Shopify's server would check them.
/// </summary>
static partial class AdminSchema
{
    static readonly Lazy<ISchema> Instance = new(Build);

    public static async Task<IReadOnlyList<string>> ValidateAsync(string document, JsonElement? variables = null)
    {
        var parsed = GraphQLParser.Parser.Parse(document);
        var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = Instance.Value,
            Document = parsed,
            Rules = DocumentValidator.CoreRules,
            // Variable values are only checked against an operation; without values only the document is.
            Operation = variables is null ? null! : parsed.Definitions.OfType<GraphQLOperationDefinition>().Single(),
            Variables = variables is { } json ? new Inputs((Dictionary<string, object?>)ToObject(json)!) : Inputs.Empty,
        });
        return result.Errors.Select(e => e.Message).ToList();
    }

    static ISchema Build()
    {
        var sdl = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "graphql", "admin-2026-04.schema.graphql"));
        var schema = Schema.For(sdl, builder => builder.Types.ForAll(type => type.ResolveType = _ => null!));
        // Shopify's scalars (DateTime, Decimal, Money, URL, UnsignedInt64, …) are strings on the wire; GraphQL.NET's
        // built-ins of the same name would reject "29.99" for a Decimal, so every declared scalar is a lenient one.
        foreach (Match scalar in ScalarDeclaration().Matches(sdl))
            schema.RegisterType(new ShopifyScalar(scalar.Groups[1].Value));
        schema.Initialize();
        return schema;
    }

    static object? ToObject(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => json.EnumerateObject().ToDictionary(p => p.Name, p => ToObject(p.Value)),
        JsonValueKind.Array => json.EnumerateArray().Select(ToObject).ToList(),
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number when json.TryGetInt32(out var i) => i,
        JsonValueKind.Number => json.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    [GeneratedRegex(@"^scalar (\w+)", RegexOptions.Multiline)]
    private static partial Regex ScalarDeclaration();

    sealed class ShopifyScalar : ScalarGraphType
    {
        public ShopifyScalar(string name) => Name = name;

        public override object? ParseLiteral(GraphQLValue value) => value switch
        {
            GraphQLStringValue s => (string)s.Value,
            GraphQLIntValue i => (string)i.Value,
            GraphQLFloatValue f => (string)f.Value,
            GraphQLBooleanValue b => b.BoolValue,
            GraphQLNullValue => null,
            _ => ThrowLiteralConversionError(value),
        };

        public override object? ParseValue(object? value) => value switch
        {
            null or string or int or long or double or decimal or bool => value,
            _ => ThrowValueConversionError(value),
        };
    }
}
