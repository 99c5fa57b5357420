using EllipticCurve;
using SendGrid.Helpers.EventWebhook;

namespace ShopifyRecovery.Email;

/// <summary>
/// Checks SendGrid's Signed Event Webhook: ECDSA P-256 over the timestamp header followed by the raw body, with the
/// SDK's <see cref="RequestValidator"/>. A malformed key, signature or timestamp is simply not valid.
/// </summary>
public sealed class SendGridEventSignature
{
    public const string SignatureHeader = RequestValidator.SIGNATURE_HEADER;
    public const string TimestampHeader = RequestValidator.TIMESTAMP_HEADER;

    readonly RequestValidator _validator = new();
    readonly PublicKey _key;

    SendGridEventSignature(PublicKey key) => _key = key;

    public static SendGridEventSignature? TryCreate(string? verificationKey)
    {
        if (string.IsNullOrWhiteSpace(verificationKey))
            return null;
        try
        {
            return new SendGridEventSignature(new RequestValidator().ConvertPublicKeyToECDSA(verificationKey.Trim()));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    public bool IsValid(string body, string? signature, string? timestamp)
    {
        if (string.IsNullOrWhiteSpace(signature) || string.IsNullOrWhiteSpace(timestamp))
            return false;
        try
        {
            return _validator.VerifySignature(_key, body, signature.Trim(), timestamp.Trim());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }
    }
}
