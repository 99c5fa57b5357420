using ShopifyRecovery.Messaging.Amqp;

namespace ShopifyRecovery.Tests.Messaging;

public sealed class ServiceBusConnectionStringTests
{
    const string Key = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=";

    [Test]
    public void A_portal_connection_string_gives_the_namespace_over_amqps_on_5671_with_the_rule_and_its_padded_key()
    {
        var parsed = ServiceBusConnectionString.Parse(
            $"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={Key}");

        Assert.That(parsed, Is.EqualTo(new ServiceBusConnectionString("contoso.servicebus.windows.net", 5671, UseTls: true,
            "RootManageSharedAccessKey", Key, SharedAccessSignature: null)));
        Assert.That(parsed.Scheme, Is.EqualTo("amqps"));
    }

    [Test]
    public void Keys_are_matched_regardless_of_case_and_spacing()
    {
        var parsed = ServiceBusConnectionString.Parse($" endpoint = sb://contoso.servicebus.windows.net/ ; sharedaccesskeyname=app;SHAREDACCESSKEY={Key};");

        Assert.That((parsed.Host, parsed.KeyName, parsed.Key), Is.EqualTo(("contoso.servicebus.windows.net", "app", Key)));
    }

    [Test]
    public void A_connection_string_with_a_signature_instead_of_a_key_keeps_the_signature_for_cbs()
    {
        const string signature = "SharedAccessSignature sr=https%3A%2F%2Fcontoso.servicebus.windows.net%2F&sig=abc%3D&se=1798761600&skn=app";

        var parsed = ServiceBusConnectionString.Parse($"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessSignature={signature}");

        Assert.That((parsed.SharedAccessSignature, parsed.KeyName, parsed.Key), Is.EqualTo((signature, (string?)null, (string?)null)));
    }

    [Test]
    public void The_development_emulator_is_plain_amqp_on_5672()
    {
        var parsed = ServiceBusConnectionString.Parse(
            $"Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={Key};UseDevelopmentEmulator=true;");

        Assert.That((parsed.Host, parsed.Port, parsed.Scheme), Is.EqualTo(("localhost", 5672, "amqp")));
    }

    [TestCase(null, "ConnectionStrings:ServiceBus is required")]
    [TestCase("SharedAccessKeyName=app;SharedAccessKey=" + Key, "has no Endpoint")]
    [TestCase("Endpoint=https://contoso.servicebus.windows.net/;SharedAccessKeyName=app;SharedAccessKey=" + Key, "Endpoint 'https://contoso.servicebus.windows.net/'")]
    [TestCase("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKey=" + Key, "has no SharedAccessKeyName")]
    [TestCase("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=app", "has no SharedAccessKey for rule 'app'")]
    [TestCase("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccesKey=abc", "unknown key 'SharedAccesKey'")]
    [TestCase("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=app;SharedAccessKey=" + Key + ";EntityPath=shopify-events", "EntityPath")]
    [TestCase("Endpoint=sb://contoso.servicebus.windows.net/;oops", "a part without a key")]
    public void An_invalid_connection_string_is_refused_with_an_error_naming_the_setting_and_the_key(string? value, string expected)
    {
        var valid = ServiceBusConnectionString.TryParse(value, out _, out var error);

        Assert.That(valid, Is.False);
        Assert.That(error, Does.Contain("ConnectionStrings:ServiceBus").And.Contain(expected));
    }

    [Test]
    public void A_key_that_is_not_base64_is_refused_without_echoing_it()
    {
        const string badKey = "not a key!";

        var valid = ServiceBusConnectionString.TryParse(
            $"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=app;SharedAccessKey={badKey}", out _, out var error);

        Assert.That(valid, Is.False);
        Assert.That(error, Does.Contain("SharedAccessKey is not a base64 key").And.Not.Contain(badKey));
    }

    [Test]
    public void The_text_form_never_shows_the_key()
    {
        var parsed = ServiceBusConnectionString.Parse($"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=app;SharedAccessKey={Key}");

        Assert.That(parsed.ToString(), Does.Not.Contain(Key));
    }
}
