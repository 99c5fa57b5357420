using System.Text;
using Microsoft.Extensions.Time.Testing;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Shopify;

public sealed class SessionTokenTests
{
    const string ClientId = "client-id";
    const string Secret = "client-secret";
    const string Shop = "demo.myshopify.com";
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    SessionTokenValidator Validator() => new(ClientId, Secret, _clock);

    string Issue(string clientId = ClientId, string secret = Secret, TimeSpan? lifetime = null) =>
        SessionTokenValidator.Issue(Shop, clientId, secret, _clock.GetUtcNow(), lifetime ?? TimeSpan.FromMinutes(1));

    [Test]
    public void A_fresh_token_names_the_shop_from_dest()
    {
        var ok = Validator().TryValidate(Issue(), out var session, out _);
        Assert.That(ok, Is.True);
        Assert.That(session!.ShopDomain, Is.EqualTo(Shop));
    }

    [Test]
    public void During_a_rotation_tokens_signed_with_the_new_or_the_previous_secret_are_valid()
    {
        var rotating = new SessionTokenValidator(ClientId, ["new-secret", Secret], _clock);

        Assert.That(rotating.TryValidate(Issue(), out _, out _), Is.True, "previous secret");
        Assert.That(rotating.TryValidate(Issue(secret: "new-secret"), out _, out _), Is.True, "new secret");
        Assert.That(rotating.TryValidate(Issue(secret: "neither"), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(SessionTokenError.BadSignature));
    }

    [Test]
    public void An_expired_token_is_rejected_once_past_the_ten_second_leeway()
    {
        var token = Issue();
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(9));
        Assert.That(Validator().TryValidate(token, out _, out _), Is.True, "within leeway");
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(Validator().TryValidate(token, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(SessionTokenError.Expired));
    }

    [Test]
    public void A_token_for_another_app_is_rejected()
    {
        Assert.That(Validator().TryValidate(Issue(clientId: "other-app"), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(SessionTokenError.WrongAudience));
    }

    [Test]
    public void A_token_signed_with_another_secret_is_rejected()
    {
        Assert.That(Validator().TryValidate(Issue(secret: "wrong"), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(SessionTokenError.BadSignature));
    }

    [Test]
    public void A_token_not_yet_valid_is_rejected()
    {
        // Issued by a clock 30 s ahead of ours: nbf is beyond the 10 s leeway.
        var token = SessionTokenValidator.Issue(Shop, ClientId, Secret, _clock.GetUtcNow().AddSeconds(30), TimeSpan.FromMinutes(1));
        Assert.That(Validator().TryValidate(token, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(SessionTokenError.NotYetValid));
    }

    [Test]
    public void A_token_with_alg_none_is_rejected_even_if_the_payload_is_fine()
    {
        var parts = Issue().Split('.');
        var none = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.That(Validator().TryValidate($"{none}.{parts[1]}.", out _, out _), Is.False);
    }

    [TestCase("")]
    [TestCase("abc")]
    [TestCase("a.b.c")]
    [TestCase("!!.??.**")]
    public void Garbage_is_rejected_without_throwing(string token) =>
        Assert.That(Validator().TryValidate(token, out _, out _), Is.False);

    [Test]
    public void A_tampered_payload_fails_the_signature()
    {
        var parts = Issue().Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1].Replace('-', '+').Replace('_', '/'))));
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.Replace(Shop, "victim.myshopify.com"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.That(Validator().TryValidate($"{parts[0]}.{forged}.{parts[2]}", out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(SessionTokenError.BadSignature));
    }

    static string Pad(string s) => s + new string('=', (4 - s.Length % 4) % 4);
}
