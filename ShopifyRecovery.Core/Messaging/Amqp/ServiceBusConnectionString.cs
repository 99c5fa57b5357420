using System.Diagnostics.CodeAnalysis;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// <c>Endpoint=sb://&lt;namespace&gt;.servicebus.windows.net/;SharedAccessKeyName=&lt;rule&gt;;SharedAccessKey=&lt;key&gt;</c>,
/// or <c>SharedAccessSignature=&lt;token&gt;</c> instead of the key pair. Amqps on 5671 unless
/// <c>UseDevelopmentEmulator=true</c> (plain AMQP on 5672, as the Service Bus emulator listens).
/// </summary>
public sealed record ServiceBusConnectionString(
    string Host, int Port, bool UseTls, string? KeyName, string? Key, string? SharedAccessSignature)
{
    public const string ConfigurationKey = "ConnectionStrings:ServiceBus";
    public const string Name = "ServiceBus";

    static readonly string[] KnownKeys =
        ["Endpoint", "SharedAccessKeyName", "SharedAccessKey", "SharedAccessSignature", "EntityPath", "UseDevelopmentEmulator"];

    public string Scheme => UseTls ? "amqps" : "amqp";

    public static ServiceBusConnectionString Parse(string? value) =>
        TryParse(value, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out ServiceBusConnectionString? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value))
            return Fail($"{ConfigurationKey} is required when Messaging:Transport is ServiceBus.", out error);

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split at the first '=' only: keys and signatures end in base64 padding.
            var equals = segment.IndexOf('=');
            if (equals <= 0)
                return Fail($"{ConfigurationKey} has a part without a key: '{Redact(segment)}' (expected Key=Value).", out error);
            var name = segment[..equals].Trim();
            var known = KnownKeys.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (known is null)
                return Fail($"{ConfigurationKey} has an unknown key '{name}'; expected {string.Join(", ", KnownKeys)}.", out error);
            parts[known] = segment[(equals + 1)..].Trim();
        }

        if (!parts.TryGetValue("Endpoint", out var endpoint) || endpoint.Length == 0)
            return Fail($"{ConfigurationKey} has no Endpoint (expected Endpoint=sb://<namespace>.servicebus.windows.net/).", out error);
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme != "sb" || uri.Host.Length == 0)
            return Fail($"{ConfigurationKey} Endpoint '{endpoint}' is not an sb://<namespace>.servicebus.windows.net/ address.", out error);
        if (parts.TryGetValue("EntityPath", out var entityPath) && entityPath.Length > 0)
            return Fail($"{ConfigurationKey} names one queue in EntityPath ('{entityPath}'), but the app uses several; use a namespace-level connection string.", out error);

        var emulator = parts.TryGetValue("UseDevelopmentEmulator", out var flag) && bool.TryParse(flag, out var on) && on;
        parts.TryGetValue("SharedAccessKeyName", out var keyName);
        parts.TryGetValue("SharedAccessKey", out var key);
        parts.TryGetValue("SharedAccessSignature", out var signature);
        if (!string.IsNullOrEmpty(signature))
        {
            if (!signature.StartsWith("SharedAccessSignature ", StringComparison.Ordinal))
                return Fail($"{ConfigurationKey} SharedAccessSignature must start with 'SharedAccessSignature sr='.", out error);
        }
        else
        {
            if (string.IsNullOrEmpty(keyName))
                return Fail($"{ConfigurationKey} has no SharedAccessKeyName (or a SharedAccessSignature instead of the key pair).", out error);
            if (string.IsNullOrEmpty(key))
                return Fail($"{ConfigurationKey} has no SharedAccessKey for rule '{keyName}'.", out error);
            if (!IsBase64(key))
                return Fail($"{ConfigurationKey} SharedAccessKey is not a base64 key as the Azure portal issues it.", out error);
        }

        var port = uri.IsDefaultPort || uri.Port <= 0 ? (emulator ? 5672 : 5671) : uri.Port;
        parsed = new ServiceBusConnectionString(uri.Host, port, UseTls: !emulator,
            string.IsNullOrEmpty(signature) ? keyName : null, string.IsNullOrEmpty(signature) ? key : null,
            string.IsNullOrEmpty(signature) ? null : signature);
        error = null;
        return true;
    }

    /// <summary>Never echo a secret back into a log or an error message.</summary>
    static string Redact(string segment) => segment.Length <= 12 ? segment : segment[..12] + "…";

    static bool IsBase64(string key) => key.Length % 4 == 0 && Convert.TryFromBase64String(key, new byte[key.Length], out _);

    static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }

    /// <summary>Keeps the key out of logs and exception messages.</summary>
    public override string ToString() => $"Endpoint=sb://{Host}:{Port}/;SharedAccessKeyName={KeyName}";
}
