using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Security.KeyVault;

/// <summary>
/// Where the Data Protection key ring's own keys are wrapped. The key ring lives in the database beside the tokens it
/// encrypts; without a wrapping key anyone holding a copy of the database (a backup, an export) could decrypt every
/// shop's access token.
/// </summary>
public sealed class KeyRingProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>A Key Vault key (<c>https://{vault}.vault.azure.net/keys/{name}</c>, optionally with a version) that wraps each new key.</summary>
    public string? KeyVaultKeyId { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(KeyVaultKeyId);
}

sealed class KeyRingProtectionOptionsValidator : IValidateOptions<KeyRingProtectionOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingProtectionOptions options)
    {
        if (!options.Enabled)
            return ValidateOptionsResult.Success;
        // Loopback over http is a local stand-in for the vault (tests); anything else must be a real https key URL.
        var valid = Uri.TryCreate(options.KeyVaultKeyId, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            && uri.Segments.Length is 3 or 4 && uri.Segments[1] == "keys/";
        return valid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"DataProtection:KeyVaultKeyId must be a Key Vault key URL such as https://my-vault.vault.azure.net/keys/data-protection; it is '{options.KeyVaultKeyId}'.");
    }
}
