using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Email;

namespace ShopifyRecovery.Tests.Email;

public sealed class SendGridEmailSenderTests
{

    sealed class FakeSendGrid : HttpMessageHandler
    {
        public required Func<int, HttpResponseMessage> Answer { get; init; }
        public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request, request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken)));
            return Answer(Requests.Count);
        }
    }

    static ServiceProvider Services(HttpMessageHandler handler, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Email:Provider"] = "SendGrid",
            ["Email:FromAddress"] = "recovery@mail.example",
            ["SendGrid:ApiKey"] = "SG.test-key",
            ["SendGrid:Timeout"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? [])
            values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddEmail();
        services.AddHttpClient(SendGridEmailSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider();
    }

    static EmailMessage Message() => new("recovery@mail.example", "Maple & Oak", "ada@example.com", "hello@maple-oak.example",
        "You left something", "<p>Hi</p>", "Hi",
        new Dictionary<string, string> { ["List-Unsubscribe"] = "<https://app.test/u/tok>", ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click" },
        new Dictionary<string, string> { ["email_send_id"] = "6f9619ff-8b86-d011-b42d-00c04fc964ff", ["step"] = "1" },
        "6f9619ff8b86d011b42d00c04fc964ff");

    static async Task<(SendResult Result, FakeSendGrid Fake)> SendAsync(Func<int, HttpResponseMessage> answer)
    {
        var fake = new FakeSendGrid { Answer = answer };
        await using var services = Services(fake);
        var result = await services.GetRequiredService<IEmailSender>().SendAsync(Message(), CancellationToken.None);
        return (result, fake);
    }

    static HttpResponseMessage Status(int code, string body = "{\"errors\":[{\"message\":\"nope\"}]}") =>
        new((HttpStatusCode)code) { Content = new StringContent(body) };

    [Test]
    public async Task An_accepted_message_is_sent_with_its_message_id_custom_args_and_unsubscribe_headers()
    {
        var (result, fake) = await SendAsync(_ =>
        {
            var response = Status(202, "");
            response.Headers.Add("X-Message-Id", "sg-abc123");
            return response;
        });

        Assert.That(result, Is.EqualTo(new SendResult(SendStatus.Sent, "sg-abc123")));
        var (request, body) = fake.Requests.Single();
        Assert.That(request.Headers.Authorization?.ToString(), Is.EqualTo("Bearer SG.test-key"));
        Assert.That(request.RequestUri!.AbsolutePath, Is.EqualTo("/v3/mail/send"));
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.That(root.GetProperty("from").GetProperty("email").GetString(), Is.EqualTo("recovery@mail.example"));
        Assert.That(root.GetProperty("reply_to").GetProperty("email").GetString(), Is.EqualTo("hello@maple-oak.example"));
        Assert.That(root.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty("email_send_id").GetString(), Is.EqualTo("6f9619ff-8b86-d011-b42d-00c04fc964ff"));
        Assert.That(root.GetProperty("personalizations")[0].GetProperty("headers").GetProperty("List-Unsubscribe-Post").GetString(), Is.EqualTo("List-Unsubscribe=One-Click"));
        Assert.That(root.GetProperty("content")[0].GetProperty("type").GetString(), Is.EqualTo("text/plain"));
        Assert.That(root.GetProperty("tracking_settings").GetProperty("click_tracking").GetProperty("enable").GetBoolean(), Is.False);
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(403)]
    [TestCase(413)]
    public async Task A_refusal_is_permanent_and_not_retried(int status)
    {
        var (result, fake) = await SendAsync(_ => Status(status));

        Assert.That(result.Status, Is.EqualTo(SendStatus.PermanentFailure));
        Assert.That(result.Error, Does.Contain(status.ToString()));
        Assert.That(fake.Requests, Has.Count.EqualTo(1));
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    public async Task A_server_error_after_the_body_went_out_is_unknown_and_never_resent(int status)
    {
        var (result, fake) = await SendAsync(_ => Status(status));

        Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
        Assert.That(fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Too_many_requests_is_transient_and_waits_until_the_rate_limit_resets()
    {
        var (result, fake) = await SendAsync(_ =>
        {
            var response = Status(429);
            response.Headers.Add("X-RateLimit-Reset", DateTimeOffset.UtcNow.AddSeconds(42).ToUnixTimeSeconds().ToString());
            response.Headers.Add("X-RateLimit-Remaining", "0");
            return response;
        });

        Assert.That(result.Status, Is.EqualTo(SendStatus.TransientFailure));
        // The reset is whole unix seconds, so the wait is 42 s less the part of a second already gone.
        Assert.That(result.RetryAfter, Is.InRange(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(42)));
        Assert.That(fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Too_many_requests_without_a_reset_header_falls_back_to_retry_after()
    {
        var (result, _) = await SendAsync(_ =>
        {
            var response = Status(429);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(17));
            return response;
        });

        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(17)));
    }

    [Test]
    public async Task A_connect_failure_is_retried_because_nothing_was_sent()
    {
        var (result, fake) = await SendAsync(attempt => attempt == 1
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")
            : Status(202, ""));

        Assert.That(result.Status, Is.EqualTo(SendStatus.Sent));
        Assert.That(fake.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_host_that_cannot_be_reached_at_all_is_a_transient_failure()
    {
        var (result, fake) = await SendAsync(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

        Assert.That(result.Status, Is.EqualTo(SendStatus.TransientFailure));
        Assert.That(result.RetryAfter, Is.Not.Null);
        Assert.That(fake.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task A_connection_lost_while_waiting_for_the_answer_is_unknown_and_not_retried()
    {
        var (result, fake) = await SendAsync(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely"));

        Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
        Assert.That(fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_timeout_is_unknown_and_not_retried()
    {
        var fake = new HangingSendGrid();
        await using var services = Services(fake);

        var result = await services.GetRequiredService<IEmailSender>().SendAsync(Message(), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
        Assert.That(fake.Attempts, Is.EqualTo(1));
    }

    sealed class HangingSendGrid : HttpMessageHandler
    {
        public int Attempts;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Attempts);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.Accepted);
        }
    }

    [Test]
    public async Task The_provider_setting_picks_the_sender()
    {
        await using var sendGrid = Services(new FakeSendGrid { Answer = _ => Status(202) });
        await using var outbox = Services(new FakeSendGrid { Answer = _ => Status(202) }, new() { ["Email:Provider"] = "Outbox" });

        Assert.That(sendGrid.GetRequiredService<IEmailSender>(), Is.InstanceOf<SendGridEmailSender>());
        Assert.That(outbox.GetRequiredService<IEmailSender>(), Is.InstanceOf<OutboxEmailSender>());
    }

    [Test]
    public async Task SendGrid_without_an_api_key_or_sender_is_refused_naming_the_keys()
    {
        await using var services = Services(new FakeSendGrid { Answer = _ => Status(202) },
            new() { ["SendGrid:ApiKey"] = "", ["Email:FromAddress"] = "" });

        var error = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("SendGrid:ApiKey").And.Contain("Email:FromAddress"));
    }

    [Test]
    public async Task A_verification_key_that_is_not_a_public_key_is_refused_naming_the_key()
    {
        await using var services = Services(new FakeSendGrid { Answer = _ => Status(202) }, new() { ["SendGrid:WebhookVerificationKey"] = "not-a-key" });

        var error = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<SendGridOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("SendGrid:WebhookVerificationKey"));
    }
}
