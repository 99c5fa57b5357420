using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Email;

/// <summary>
/// The playground's provider: each message becomes one .eml file in <see cref="EmailOptions.OutboxPath"/>, named
/// after its idempotency key, so sending the same ledger entry again overwrites the file instead of adding a copy.
/// </summary>
public sealed class OutboxEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<OutboxEmailSender> logger) : IEmailSender
{
    public string Name => "Outbox";

    public string Folder => Path.GetFullPath(options.Value.OutboxPath);

    public string PathFor(string idempotencyKey) => Path.Combine(Folder, MimeMessageWriter.Token(idempotencyKey) + ".eml");

    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var path = PathFor(message.IdempotencyKey);
        var content = MimeMessageWriter.Write(message, clock.GetUtcNow());
        // Written beside, then moved: a reader (or a crash) never sees half a message.
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct);
        File.Move(temporary, path, overwrite: true);
        EmailLog.WrittenToOutbox(logger, message.IdempotencyKey);
        return new SendResult(SendStatus.Sent, ProviderMessageId: MimeMessageWriter.Token(message.IdempotencyKey));
    }
}
