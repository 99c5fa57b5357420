using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using ShopifyRecovery.Email;

namespace ShopifyRecovery.Tests.Email;

public sealed class OutboxEmailSenderTests
{
    string _folder = "";
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 15, 0, TimeSpan.Zero));

    [SetUp]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "sr-tests", "outbox-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    OutboxEmailSender Sender() =>
        new(Options.Create(new EmailOptions { OutboxPath = _folder }), _clock, NullLogger<OutboxEmailSender>.Instance);

    static EmailMessage Message(string key, string subject = "Ihr Warenkorb wartet – jetzt 10 % sparen, bevor es zu spät ist! 🛒", string? text = null)
    {
        var composer = new EmailComposer(Options.Create(new EmailOptions { FromAddress = "recovery@mail.example" }), new FixedLinks());
        var html = "<!DOCTYPE html><html><body><p>Grüße von <b>Maple &amp; Oak</b></p><p>" + new string('x', 300) + "</p></body></html>";
        var rendered = new RenderedEmail(subject, "Preview", html, text ?? "Grüße, Ada!\nLine two = 2\n\nhttps://app.test/u/tok\n");
        return composer.Compose(rendered, new EmailEnvelope(Guid.Parse(key), Guid.NewGuid(), 42, 2, "ada@example.com", "Maple & Oak \"Ireland\"", "hello@maple-oak.example"));
    }

    [Test]
    public async Task The_eml_file_is_valid_mime_with_both_parts_and_every_header()
    {
        var message = Message("6f9619ff-8b86-d011-b42d-00c04fc964ff");

        var result = await Sender().SendAsync(message, CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(SendStatus.Sent));
        var path = Path.Combine(_folder, "6f9619ff8b86d011b42d00c04fc964ff.eml");
        var mime = await MimeMessage.LoadAsync(path);
        Assert.That(mime.From.Mailboxes.Single().Name, Is.EqualTo("Maple & Oak \"Ireland\""));
        Assert.That(mime.From.Mailboxes.Single().Address, Is.EqualTo("recovery@mail.example"));
        Assert.That(mime.To.Mailboxes.Single().Address, Is.EqualTo("ada@example.com"));
        Assert.That(mime.ReplyTo.Mailboxes.Single().Address, Is.EqualTo("hello@maple-oak.example"));
        Assert.That(mime.Subject, Is.EqualTo(message.Subject));
        Assert.That(mime.Date, Is.EqualTo(_clock.GetUtcNow()));
        Assert.That(mime.MessageId, Is.EqualTo("6f9619ff8b86d011b42d00c04fc964ff@mail.example"));
        Assert.That(mime.Headers["List-Unsubscribe"], Is.EqualTo("<https://app.test/u/unsubscribe-42>"));
        Assert.That(mime.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));
        Assert.That(mime.Headers["X-Custom-Arg-email_send_id"], Is.EqualTo("6f9619ff-8b86-d011-b42d-00c04fc964ff"));
        Assert.That(mime.Headers["X-Custom-Arg-step"], Is.EqualTo("2"));

        Assert.That(mime.Body, Is.InstanceOf<MultipartAlternative>());
        var parts = ((MultipartAlternative)mime.Body!).OfType<TextPart>().ToList();
        Assert.That(parts.Select(p => p.ContentType.MimeType), Is.EqualTo(new[] { "text/plain", "text/html" }));
        Assert.That(mime.TextBody!.Replace("\r\n", "\n"), Is.EqualTo(message.Text));
        Assert.That(mime.HtmlBody!.Replace("\r\n", "\n"), Is.EqualTo(message.Html));
    }

    [Test]
    public async Task No_line_of_the_file_is_longer_than_rfc_5322_allows()
    {
        await Sender().SendAsync(Message("6f9619ff-8b86-d011-b42d-00c04fc964ff"), CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(Directory.GetFiles(_folder).Single());

        Assert.That(lines.Max(l => l.Length), Is.LessThanOrEqualTo(998));
        Assert.That(lines.Where(l => !l.StartsWith("List-Unsubscribe", StringComparison.Ordinal)).Max(l => l.Length), Is.LessThanOrEqualTo(78));
    }

    [Test]
    public async Task Sending_the_same_ledger_entry_again_overwrites_instead_of_duplicating()
    {
        var sender = Sender();

        await sender.SendAsync(Message("6f9619ff-8b86-d011-b42d-00c04fc964ff", "First"), CancellationToken.None);
        await sender.SendAsync(Message("6f9619ff-8b86-d011-b42d-00c04fc964ff", "Second"), CancellationToken.None);
        await sender.SendAsync(Message("0a9619ff-8b86-d011-b42d-00c04fc964ff", "Other"), CancellationToken.None);

        var files = Directory.GetFiles(_folder);
        Assert.That(files, Has.Length.EqualTo(2));
        var repeated = await MimeMessage.LoadAsync(Path.Combine(_folder, "6f9619ff8b86d011b42d00c04fc964ff.eml"));
        Assert.That(repeated.Subject, Is.EqualTo("Second"));
    }

    sealed class FixedLinks : ILinkBuilder
    {
        public string ClickUrl(Guid emailSendId) => $"https://app.test/r/{emailSendId:N}";
        public string UnsubscribeUrl(long shopId, string email) => $"https://app.test/u/unsubscribe-{shopId}";
    }
}
