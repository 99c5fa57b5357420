using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace ShopifyRecovery.Security.KeyVault;

/// <summary>
/// Encrypts each Data Protection key's XML with a fresh AES-256-GCM key, and stores that key only wrapped by Key
/// Vault. Data Protection's encryptor interface is synchronous, so the vault call blocks; it happens when a key is made
/// (every 90 days) and when the key ring is read (at start, then about once a day on whichever call finds it stale),
/// so at most one operation a day waits the few milliseconds of a vault round trip.
/// </summary>
public sealed class KeyVaultXmlEncryptor(KeyVaultKeyWrapper vault) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length))
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        var (keyId, wrapped) = vault.WrapAsync(key, CancellationToken.None).GetAwaiter().GetResult();
        CryptographicOperations.ZeroMemory(key);
        var element = new XElement("encryptedKey",
            new XComment(" Wrapped by Azure Key Vault; the app's identity needs unwrapKey on the key to read it. "),
            new XElement("kid", keyId),
            new XElement("key", Convert.ToBase64String(wrapped)),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("tag", Convert.ToBase64String(tag)),
            new XElement("value", Convert.ToBase64String(ciphertext)));
        return new EncryptedXmlInfo(element, typeof(KeyVaultXmlDecryptor));
    }
}

/// <summary>Data Protection creates decryptors by type with the service provider, hence the constructor.</summary>
public sealed class KeyVaultXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var vault = services.GetRequiredService<KeyVaultKeyWrapper>();
        string Part(string name) => (string?)encryptedElement.Element(name)
            ?? throw new CryptographicException($"The encrypted key has no <{name}> element.");
        var key = vault.UnwrapAsync(Part("kid"), Convert.FromBase64String(Part("key")), CancellationToken.None).GetAwaiter().GetResult();
        var ciphertext = Convert.FromBase64String(Part("value"));
        var tag = Convert.FromBase64String(Part("tag"));
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, tag.Length);
            aes.Decrypt(Convert.FromBase64String(Part("nonce")), ciphertext, tag, plaintext);
            return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
