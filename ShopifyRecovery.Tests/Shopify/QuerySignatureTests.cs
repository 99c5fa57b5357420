using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Shopify;

public sealed class QuerySignatureTests
{
    const string Secret = "hush";
    static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    static Dictionary<string, string> Signed(DateTimeOffset timestamp)
    {
        var query = new Dictionary<string, string>
        {
            ["code"] = "0907a61c0c8d55e99db179b68161bc00",
            ["host"] = "YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvZGVtbw==",
            ["shop"] = "demo.myshopify.com",
            ["state"] = "0123456789abcdef",
            ["timestamp"] = timestamp.ToUnixTimeSeconds().ToString(),
        };
        query["hmac"] = QuerySignature.Compute(query, Secret);
        return query;
    }

    [Test]
    public void The_message_is_the_sorted_form_encoded_parameters_without_hmac()
    {
        // Worked example: '=' in a value is form-encoded as %3D, as URLSearchParams does.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(Secret),
            System.Text.Encoding.UTF8.GetBytes("a=1&b=x%3Dy+z")));
        Assert.That(QuerySignature.Compute([new("b", "x=y z"), new("a", "1"), new("hmac", "ignored")], Secret), Is.EqualTo(expected));
    }

    [Test]
    public void A_fresh_signed_callback_is_valid() => Assert.That(QuerySignature.IsValid(Signed(Now), Secret, Now), Is.True);

    [Test]
    public void During_a_rotation_a_callback_signed_with_either_secret_is_valid_and_one_signed_with_neither_is_not()
    {
        Assert.That(QuerySignature.IsValid(Signed(Now), ["new-secret", Secret], Now), Is.True);
        Assert.That(QuerySignature.IsValid(Signed(Now), [Secret, "new-secret"], Now), Is.True);
        Assert.That(QuerySignature.IsValid(Signed(Now), ["new-secret", "other"], Now), Is.False);
    }

    [Test]
    public void A_changed_parameter_invalidates_the_signature()
    {
        var query = Signed(Now);
        query["shop"] = "victim.myshopify.com";
        Assert.That(QuerySignature.IsValid(query, Secret, Now), Is.False);
    }

    [Test]
    public void A_callback_older_than_ninety_seconds_is_rejected() =>
        Assert.That(QuerySignature.IsValid(Signed(Now.AddSeconds(-91)), Secret, Now), Is.False);
}
