using System.Security.Cryptography;
using System.Text;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Shopify;

public sealed class WebhookSignatureTests
{
    const string Secret = "hush";
    static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"token":"abc","total_price":"398.00"}""");

    // The algorithm as Shopify documents it, written out independently of the production code.
    static string Canonical(byte[] body, string secret)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Convert.ToBase64String(hmac.ComputeHash(body));
    }

    [Test]
    public void A_signature_made_with_the_client_secret_is_valid() =>
        Assert.That(WebhookSignature.IsValid(Body, Canonical(Body, Secret), Secret), Is.True);

    [Test]
    public void A_forged_signature_is_rejected() =>
        Assert.That(WebhookSignature.IsValid(Body, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Secret), Is.False);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("not-base64!!")]
    [TestCase("c2hvcnQ=")]
    public void A_missing_or_malformed_signature_is_rejected(string? header) =>
        Assert.That(WebhookSignature.IsValid(Body, header, Secret), Is.False);

    [Test]
    public void A_signature_made_with_another_secret_is_rejected() =>
        Assert.That(WebhookSignature.IsValid(Body, Canonical(Body, "someone-else"), Secret), Is.False);

    [Test]
    public void Changing_one_byte_of_the_body_breaks_the_signature()
    {
        var signature = Canonical(Body, Secret);
        var altered = (byte[])Body.Clone();
        altered[^3] ^= 0x01;
        Assert.That(WebhookSignature.IsValid(altered, signature, Secret), Is.False);
    }

    [Test]
    public void Surrounding_whitespace_in_the_header_value_is_tolerated() =>
        Assert.That(WebhookSignature.IsValid(Body, " " + Canonical(Body, Secret) + " ", Secret), Is.True);

    static IEnumerable<string> SamplePayloads() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "webhooks"), "*.json").Select(Path.GetFileName)!;

    [TestCaseSource(nameof(SamplePayloads))]
    public void Shopify_sample_payloads_verify_exactly_as_the_canonical_algorithm_says(string file)
    {
        var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "webhooks", file));
        var signature = Canonical(body, Secret);
        Assert.Multiple(() =>
        {
            Assert.That(WebhookSignature.Compute(body, Secret), Is.EqualTo(signature));
            Assert.That(WebhookSignature.IsValid(body, signature, Secret), Is.True);
            Assert.That(WebhookSignature.IsValid(body, Canonical(body, Secret + "x"), Secret), Is.False);
        });
    }
}
