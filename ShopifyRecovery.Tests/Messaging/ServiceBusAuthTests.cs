using Amqp;
using Amqp.Framing;
using ShopifyRecovery.Messaging.Amqp;

namespace ShopifyRecovery.Tests.Messaging;

/// <summary>Shared access signatures and the CBS put-token exchange (RELIABILITY-NOTES §1.2).</summary>
public sealed class ServiceBusAuthTests
{
    [Test]
    public void A_sas_token_signs_the_encoded_uri_and_expiry_with_the_key_text()
    {
        // Expected value computed independently (Python hmac over quote_plus(uri) + "\n" + expiry, key as UTF-8 text).
        var token = ServiceBusSasToken.Create("https://contoso.servicebus.windows.net/shopify-events", "send-only",
            "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=", new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.That(token, Is.EqualTo("SharedAccessSignature sr=https%3A%2F%2Fcontoso.servicebus.windows.net%2Fshopify-events" +
                                      "&sig=dZE5EcsdN0lcbAsBs8wKaCV%2BP5GrVO58hMD79dqx7Wk%3D&se=1798761600&skn=send-only"));
    }

    [Test]
    public void A_put_token_request_names_the_operation_token_type_and_audience_and_carries_the_token_as_the_body()
    {
        var request = Message.Decode(ServiceBusWire.PutTokenRequest("SharedAccessSignature sr=x", "amqp://contoso.servicebus.windows.net/shopify-events",
            "cbs-reply-1").Encode());

        Assert.Multiple(() =>
        {
            Assert.That(request.ApplicationProperties["operation"], Is.EqualTo("put-token"));
            Assert.That(request.ApplicationProperties["type"], Is.EqualTo("servicebus.windows.net:sastoken"));
            Assert.That(request.ApplicationProperties["name"], Is.EqualTo("amqp://contoso.servicebus.windows.net/shopify-events"));
            Assert.That(request.Properties.ReplyTo, Is.EqualTo("cbs-reply-1"));
            Assert.That(request.Body, Is.EqualTo("SharedAccessSignature sr=x"));
        });
    }

    [TestCase(200, true)]
    [TestCase(202, true)]
    [TestCase(401, false)]
    public void The_cbs_reply_status_code_decides_whether_the_token_was_accepted(int status, bool accepted)
    {
        var reply = new Message { ApplicationProperties = new ApplicationProperties { ["status-code"] = status, ["status-description"] = "x" } };

        Assert.That(ServiceBusWire.IsTokenAccepted(reply, out var text), Is.EqualTo(accepted));
        Assert.That(text, Does.StartWith(status.ToString()));
    }
}
