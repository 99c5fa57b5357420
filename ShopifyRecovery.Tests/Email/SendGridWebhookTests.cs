using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Email;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Email;

public sealed class SendGridWebhookTests
{
    ECDsa _key = null!;
    TestDatabase _database = null!;
    TestApp _app = null!;
    HttpClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _database = await TestDatabase.CreateAsync();
        // SendGrid shows the verification key as base64 DER SubjectPublicKeyInfo, which is what this exports.
        _app = new TestApp(_database, new Dictionary<string, string?>
        {
            ["SendGrid:WebhookVerificationKey"] = Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo()),
        });
        _client = _app.CreateClient();
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        _key.Dispose();
    }

    Task<HttpResponseMessage> PostAsync(string body, ECDsa? signer = null, DateTimeOffset? at = null, Action<HttpRequestMessage>? tweak = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString();
        var signature = (signer ?? _key).SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/sendgrid") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(SendGridEventSignature.SignatureHeader, Convert.ToBase64String(signature));
        request.Headers.Add(SendGridEventSignature.TimestampHeader, timestamp);
        tweak?.Invoke(request);
        return _client.SendAsync(request);
    }

    static long At(int minute) => new DateTimeOffset(2026, 11, 24, 10, minute, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    static string Batch(EmailLedgerSeed seed, params (string Event, int Minute, string Id)[] events) =>
        JsonSerializer.Serialize(events.Select(e => new Dictionary<string, object>
        {
            ["email"] = EmailLedgerSeed.Shopper, ["event"] = e.Event, ["timestamp"] = At(e.Minute), ["sg_event_id"] = e.Id,
            ["sg_message_id"] = "sg-msg-1.filterdrecv-5645d9c87f-abcde-1-0", ["email_send_id"] = seed.EmailSendId.ToString(),
            ["journey_id"] = seed.JourneyId.ToString(), ["step"] = "3", ["shop_id"] = seed.ShopId.ToString(),
        }));

    [Test]
    public async Task A_signed_batch_updates_the_ledger_adds_journey_events_and_suppresses_a_bounce()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database);
        var body = Batch(seed, ("processed", 0, "e0"), ("delivered", 1, "e1"), ("open", 2, "e2"), ("open", 3, "e3"), ("click", 4, "e4"), ("bounce", 5, "e5"));

        var response = await PostAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        await using var db = _database.CreateContext();
        var send = await db.Set<EmailSend>().SingleAsync();
        Assert.That(send.DeliveredAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(At(1))));
        Assert.That(send.OpenedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(At(2))), "the first open counts");
        Assert.That(send.ClickedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(At(4))));
        Assert.That(send.BouncedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(At(5))));
        var kinds = await db.Set<JourneyEvent>().OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
        Assert.That(kinds, Is.EqualTo(new[] { "delivered", "opened", "clicked", "bounced" }));
        var suppression = await db.Set<Suppression>().SingleAsync();
        Assert.That((suppression.Email, suppression.Reason), Is.EqualTo(("ada.lovelace@example.com", SuppressionReason.Bounced)));
        Assert.That(await db.Set<EmailEvent>().CountAsync(), Is.EqualTo(6));
    }

    [Test]
    public async Task A_redelivered_batch_changes_nothing()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database);
        var body = Batch(seed, ("delivered", 1, "e1"), ("spamreport", 9, "e9"));

        var first = await PostAsync(body);
        var again = await PostAsync(body);

        Assert.That((first.StatusCode, again.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        using var counts = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.That(counts.RootElement.GetProperty("duplicates").GetInt32(), Is.EqualTo(2));
        await using var db = _database.CreateContext();
        Assert.That(await db.Set<JourneyEvent>().Select(e => e.Kind).ToListAsync(), Is.EquivalentTo(new[] { "delivered", "complained" }));
        Assert.That((await db.Set<Suppression>().SingleAsync()).Reason, Is.EqualTo(SuppressionReason.Complained));
        Assert.That(await db.Set<EmailEvent>().CountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Events_without_an_event_id_are_deduplicated_on_message_event_and_time()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database, status: SendStatusKind.Unknown, providerMessageId: null);
        var body = $$"""[{"event":"processed","timestamp":{{At(0)}},"sg_message_id":"sg-new.filter-1","journey_id":"{{seed.JourneyId}}","step":"3","email":"x@example.com"}]""";

        await PostAsync(body);
        await PostAsync(body);

        await using var db = _database.CreateContext();
        var send = await db.Set<EmailSend>().SingleAsync();
        Assert.That(send.Status, Is.EqualTo(SendStatusKind.Sent), "processed settles an ambiguous send");
        Assert.That(send.ProviderMessageId, Is.EqualTo("sg-new"));
        Assert.That(await db.Set<EmailEvent>().Select(e => e.Key).ToListAsync(), Is.EqualTo(new[] { $"sg-new.filter-1:processed:{At(0)}" }));
        Assert.That(await db.Set<JourneyEvent>().CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Unsubscribe_events_suppress_the_address_for_the_shop()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database);

        await PostAsync(Batch(seed, ("group_unsubscribe", 3, "u1")));

        await using var db = _database.CreateContext();
        var suppression = await db.Set<Suppression>().SingleAsync();
        Assert.That((suppression.ShopId, suppression.Reason), Is.EqualTo((seed.ShopId, SuppressionReason.Unsubscribed)));
    }

    [Test]
    public async Task A_batch_signed_with_another_key_is_refused_and_changes_nothing()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database);
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var response = await PostAsync(Batch(seed, ("bounce", 1, "f1")), signer: forger);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        await using var db = _database.CreateContext();
        Assert.That(await db.Set<Suppression>().CountAsync(), Is.Zero);
        Assert.That(await db.Set<EmailEvent>().CountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database);
        var signed = Batch(seed, ("delivered", 1, "d1"));

        var response = await PostAsync(signed, tweak: request =>
            request.Content = new StringContent(signed.Replace("delivered", "spamreport"), Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_post_without_signature_headers_is_refused()
    {
        var response = await PostAsync("[]", tweak: request =>
        {
            request.Headers.Remove(SendGridEventSignature.SignatureHeader);
            request.Headers.Remove(SendGridEventSignature.TimestampHeader);
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_replayed_post_with_an_old_timestamp_is_refused()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database);

        var response = await PostAsync(Batch(seed, ("delivered", 1, "r1")), at: DateTimeOffset.UtcNow.AddHours(-1));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("window"));
    }

    [TestCase("{\"event\":\"delivered\"}")]
    [TestCase("[{\"event\":\"delivered\"")]
    [TestCase("[1, 2]")]
    public async Task A_correctly_signed_but_malformed_batch_is_a_bad_request(string body)
    {
        var response = await PostAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Without_a_configured_key_every_post_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database);
        using var client = app.CreateClient();

        var response = await client.PostAsync("/webhooks/sendgrid", new StringContent("[]"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
