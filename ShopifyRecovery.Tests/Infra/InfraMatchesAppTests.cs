using System.Reflection;
using System.Text.Json.Nodes;
using System.Xml;
using ShopifyRecovery.App.Platform;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Infra;

/// <summary>
/// The deployment and the app must agree: queue names and broker settings against the messaging defaults, and the
/// app settings against the configuration keys, with every secret a Key Vault reference.
/// </summary>
public sealed class InfraMatchesAppTests
{
    /// <summary>Settings that carry a credential; each must come from Key Vault.</summary>
    static readonly string[] SecretSettings =
    [
        "Shopify__ApiSecret",
        "SendGrid__ApiKey",
        "ConnectionStrings__Database",
        "ConnectionStrings__ServiceBus",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
    ];

    static readonly Dictionary<string, Type> OptionsBySection = new(StringComparer.Ordinal)
    {
        [ShopifyOptions.Section] = typeof(ShopifyOptions),
        [DatabaseOptions.Section] = typeof(DatabaseOptions),
        [MessagingOptions.Section] = typeof(MessagingOptions),
        [WorkerOptions.Section] = typeof(WorkerOptions),
        [ObservabilityOptions.Section] = typeof(ObservabilityOptions),
        [RateLimitingOptions.Section] = typeof(RateLimitingOptions),
    };

    JsonNode _main = null!;

    [OneTimeSetUp]
    public async Task CompileMainTemplate()
    {
        var build = await BicepCli.BuildOnceAsync();
        _main = JsonNode.Parse(await File.ReadAllTextAsync(build.OutputFor("main.bicep")))!;
    }

    [Test]
    public void The_service_bus_queues_are_the_apps_queues_with_matching_broker_settings()
    {
        // Arrange
        var defaults = new MessagingOptions();

        // Act
        var template = Templates(_main).Single(t => Resources(t).Any(r => Type(r) == "Microsoft.ServiceBus/namespaces/queues"));
        var queue = Resources(template).Single(r => Type(r) == "Microsoft.ServiceBus/namespaces/queues");
        var names = template["variables"]!["queueNames"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var properties = queue["properties"]!;

        // Assert
        Assert.That(names, Is.EqualTo(Queues.All));
        Assert.That(queue["name"]!.GetValue<string>(), Does.Contain("variables('queueNames')[copyIndex()]"));
        Assert.That(properties["lockDuration"]!.GetValue<string>(), Is.EqualTo(XmlConvert.ToString(defaults.LockDuration)));
        Assert.That(properties["maxDeliveryCount"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(defaults.MaxAttempts));
        Assert.That(properties["requiresDuplicateDetection"]!.GetValue<bool>(), Is.True);
        Assert.That(properties["duplicateDetectionHistoryTimeWindow"]!.GetValue<string>(),
            Is.EqualTo(XmlConvert.ToString(defaults.Embedded.CompletedRetention)));
        Assert.That(properties["deadLetteringOnMessageExpiration"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void Every_secret_setting_is_a_key_vault_reference_and_none_is_a_plain_value()
    {
        // Act
        var settings = AppSettings(_main).ToList();
        var containerSecrets = Objects(_main).Where(o => o.ContainsKey("keyVaultUrl")).ToList();

        // Assert
        foreach (var name in SecretSettings)
            Assert.That(settings.Where(s => Name(s) == name), Is.Not.Empty, $"{name} is not set anywhere");
        foreach (var setting in settings)
        {
            var name = Name(setting);
            var isSecret = SecretSettings.Contains(name);
            Assert.That(setting.ContainsKey("secretRef"), Is.EqualTo(isSecret),
                isSecret ? $"{name} must be a secretRef" : $"{name} is a secretRef but not listed as a secret setting");
            Assert.That(setting.ContainsKey("value"), Is.EqualTo(!isSecret), $"{name} has the wrong kind of value");
            if (isSecret)
            {
                var target = setting["secretRef"]!.GetValue<string>();
                var definitions = Objects(_main).Where(o => Name(o) == target && (o.ContainsKey("keyVaultUrl") || o.ContainsKey("value"))).ToList();
                Assert.That(definitions, Is.Not.Empty, $"secret '{target}' used by {name} is not defined");
                Assert.That(definitions, Has.All.Matches<JsonObject>(d => d.ContainsKey("keyVaultUrl") && d.ContainsKey("identity") && !d.ContainsKey("value")),
                    $"secret '{target}' used by {name} is not a Key Vault reference read by a managed identity");
            }
        }
        Assert.That(containerSecrets, Has.All.Matches<JsonObject>(s => !s.ContainsKey("value")));
    }

    [Test]
    public void The_deployment_runs_the_production_parts_with_the_worker_out_of_process()
    {
        // Act
        var values = AppSettings(_main).Where(s => s.ContainsKey("value"))
            .GroupBy(Name).ToDictionary(g => g.Key, g => g.Select(s => s["value"]!.ToString()).Distinct().ToList());

        // Assert
        Assert.That(values["Messaging__Transport"], Is.EqualTo(new[] { nameof(TransportKind.ServiceBus) }));
        Assert.That(values["Database__Provider"], Is.EqualTo(new[] { nameof(DatabaseProvider.SqlServer) }));
        Assert.That(values["Database__MigrateOnStart"], Is.EqualTo(new[] { "false" }));
        Assert.That(values["Worker__InProcess"], Is.EqualTo(new[] { "false" }));
        Assert.That(values["Email__Provider"], Is.EqualTo(new[] { "SendGrid" }));
        Assert.That(values["Telemetry__Exporter"], Is.EqualTo(new[] { nameof(TelemetryExporter.Otlp) }));
    }

    [Test]
    public void Every_setting_for_a_known_options_section_names_a_real_option()
    {
        // Act
        var unknown = AppSettings(_main).Select(Name).Distinct()
            .Select(name => name.Split("__"))
            .Where(parts => parts.Length == 2 && OptionsBySection.ContainsKey(parts[0]))
            .Where(parts => OptionsBySection[parts[0]].GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is null)
            .Select(parts => string.Join("__", parts))
            .ToList();
        var connectionStrings = AppSettings(_main).Select(Name).Where(n => n.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Distinct();

        // Assert
        Assert.That(unknown, Is.Empty);
        Assert.That(connectionStrings, Is.EquivalentTo(new[] { "ConnectionStrings__Database", "ConnectionStrings__ServiceBus" }));
    }

    /// <summary>Container environment variables: <c>{ name, value }</c> or <c>{ name, secretRef }</c> objects.</summary>
    static IEnumerable<JsonObject> AppSettings(JsonNode root) =>
        Objects(root).Where(o => o["name"] is JsonValue && (o.ContainsKey("value") ^ o.ContainsKey("secretRef")) && o.Count == 2
            && (Name(o).Contains("__", StringComparison.Ordinal) || Name(o) == Name(o).ToUpperInvariant()));

    static IEnumerable<JsonNode> Templates(JsonNode root) => Objects(root).Where(o => o.ContainsKey("$schema") && o.ContainsKey("resources"));

    /// <summary>ARM resources are an array, or an object keyed by symbolic name in language version 2.0.</summary>
    static IEnumerable<JsonNode> Resources(JsonNode template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonNode>(),
        JsonObject map => map.Select(p => p.Value).OfType<JsonNode>(),
        _ => [],
    };

    static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var (_, child) in obj)
                    foreach (var nested in Objects(child))
                        yield return nested;
                break;
            case JsonArray array:
                foreach (var child in array)
                    foreach (var nested in Objects(child))
                        yield return nested;
                break;
        }
    }

    static string? Type(JsonNode resource) => resource["type"] is JsonValue value && value.TryGetValue<string>(out var type) ? type : null;

    static string Name(JsonObject o) => o["name"] is JsonValue value && value.TryGetValue<string>(out var name) ? name : "";
}
