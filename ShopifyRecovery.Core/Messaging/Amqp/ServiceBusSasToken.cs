using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// Shared access signatures as Service Bus checks them (azure-docs service-bus-sas.md): HMAC-SHA256 over the
/// URL-encoded resource URI, a newline and the Unix expiry, keyed with the key string's UTF-8 bytes (not its
/// base64-decoded bytes). Lets a host that must not hold the key get a scoped, expiring token for CBS instead.
/// </summary>
public static class ServiceBusSasToken
{
    public static string Create(string resourceUri, string keyName, string key, DateTimeOffset expiresAt)
    {
        var encodedUri = WebUtility.UrlEncode(resourceUri);
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(encodedUri + "\n" + expiry)));
        return $"SharedAccessSignature sr={encodedUri}&sig={WebUtility.UrlEncode(signature)}&se={expiry}&skn={WebUtility.UrlEncode(keyName)}";
    }
}
