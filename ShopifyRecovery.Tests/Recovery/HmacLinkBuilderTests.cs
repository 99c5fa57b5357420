using Microsoft.Extensions.Options;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Recovery;

public sealed class HmacLinkBuilderTests
{
    static HmacLinkBuilder Builder(string secret = "s3cret") =>
        new(Options.Create(new ShopifyOptions { ApiKey = "k", ApiSecret = secret, AppUrl = "https://app.example/" }));

    static string Token(Uri url) => url.AbsolutePath.Split('/')[2];

    [Test]
    public void A_click_link_round_trips_to_its_send()
    {
        var id = Guid.NewGuid();
        var url = Builder().ClickUrl(id);

        Assert.That(url.ToString(), Does.StartWith("https://app.example/r/"));
        Assert.That(Builder().TryReadClick(Token(url), out var read), Is.True);
        Assert.That(read, Is.EqualTo(id));
    }

    [Test]
    public void An_unsubscribe_link_round_trips_to_the_shop_and_the_normalised_address()
    {
        var url = Builder().UnsubscribeUrl(7, " Ada@Example.com ");

        Assert.That(Builder().TryReadUnsubscribe(Token(url), out var shopId, out var email), Is.True);
        Assert.That((shopId, email), Is.EqualTo((7L, "ada@example.com")));
    }

    [Test]
    public void Tampered_or_foreign_tokens_are_refused()
    {
        var token = Token(Builder().UnsubscribeUrl(7, "ada@example.com"));
        var forged = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode("u|7|eve@example.com"u8.ToArray()) + token[token.IndexOf('.')..];

        Assert.That(Builder().TryReadUnsubscribe(forged, out _, out _), Is.False);
        Assert.That(Builder("other").TryReadUnsubscribe(token, out _, out _), Is.False);
        Assert.That(Builder().TryReadClick(token, out _), Is.False, "an unsubscribe token is not a click token");
        Assert.That(Builder().TryReadClick("garbage", out _), Is.False);
    }
}
