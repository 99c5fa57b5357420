using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Email;
using ShopifyRecovery.Security;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Email;

public sealed class LinkTokensTests
{
    static LinkTokens Tokens(string appKey = "app-key-one", string clientSecret = "secret-one") =>
        new(AppSecrets.FromRoot(SHA256.HashData(Encoding.UTF8.GetBytes(appKey))),
            Options.Create(new ShopifyOptions { ApiKey = "key", ApiSecret = clientSecret, AppUrl = "https://app.test/" }));

    static IEnumerable<string> Tampered(string token)
    {
        for (var i = 0; i < token.Length; i++)
            yield return token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
        yield return token[..^1];
        yield return token + "A";
    }

    [Test]
    public void A_click_url_carries_a_token_that_reads_back_to_the_ledger_entry()
    {
        var id = Guid.NewGuid();

        var url = Tokens().ClickUrl(id);

        Assert.That(url, Does.StartWith("https://app.test/r/"));
        Assert.That(Tokens().TryReadClick(url["https://app.test/r/".Length..], out var read), Is.True);
        Assert.That(read, Is.EqualTo(id));
        Assert.That(url.Length, Is.LessThan(80));
    }

    [Test]
    public void Every_tampered_click_token_is_rejected()
    {
        var token = Tokens().ClickToken(Guid.NewGuid());

        Assert.That(Tampered(token).Where(t => t != token).Count(t => Tokens().TryReadClick(t, out _)), Is.Zero);
    }

    [Test]
    public void An_unsubscribe_token_reads_back_to_the_shop_and_normalized_address_without_showing_it()
    {
        var token = Tokens().UnsubscribeToken(42, "  Ada.Lovelace@Example.COM ");

        Assert.That(Tokens().TryReadUnsubscribe(token, out var shopId, out var email), Is.True);
        Assert.That((shopId, email), Is.EqualTo((42L, "ada.lovelace@example.com")));
        var decoded = Encoding.Latin1.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
        Assert.That(decoded, Does.Not.Contain("ada.lovelace"));
        Assert.That(token, Does.Not.Contain("ada"));
    }

    [Test]
    public void Every_tampered_unsubscribe_token_is_rejected()
    {
        var token = Tokens().UnsubscribeToken(42, "ada@example.com");

        Assert.That(Tampered(token).Where(t => t != token).Count(t => Tokens().TryReadUnsubscribe(t, out _, out _)), Is.Zero);
    }

    [Test]
    public void Tokens_made_before_a_client_secret_rotation_still_read_after_it()
    {
        var id = Guid.NewGuid();
        var click = Tokens(clientSecret: "secret-before").ClickToken(id);
        var unsubscribe = Tokens(clientSecret: "secret-before").UnsubscribeToken(7, "ada@example.com");

        var after = Tokens(clientSecret: "secret-after");

        Assert.That(after.TryReadClick(click, out var read) && read == id, Is.True);
        Assert.That(after.TryReadUnsubscribe(unsubscribe, out var shop, out var email) && (shop, email) == (7, "ada@example.com"), Is.True);
    }

    [Test]
    public void Tokens_made_with_another_app_key_or_of_the_other_kind_are_rejected()
    {
        var click = Tokens(appKey: "app-key-two").ClickToken(Guid.NewGuid());
        var unsubscribe = Tokens(appKey: "app-key-two").UnsubscribeToken(1, "ada@example.com");

        Assert.That(Tokens().TryReadClick(click, out _), Is.False);
        Assert.That(Tokens().TryReadUnsubscribe(unsubscribe, out _, out _), Is.False);
        Assert.That(Tokens().TryReadUnsubscribe(Tokens().ClickToken(Guid.NewGuid()), out _, out _), Is.False);
        Assert.That(Tokens().TryReadClick(Tokens().UnsubscribeToken(1, "a@b.c"), out _), Is.False);
        Assert.That(Tokens().TryReadClick("not a token!", out _), Is.False);
        Assert.That(Tokens().TryReadUnsubscribe("", out _, out _), Is.False);
    }

    [Test]
    public void Urls_use_the_app_url_without_a_double_slash()
    {
        Assert.That(Tokens().UnsubscribeUrl(7, "a@b.c"), Does.StartWith("https://app.test/u/").And.Not.Contain("//u/"));
    }
}
