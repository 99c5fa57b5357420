using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// The broker's dead-letter queue (<c>&lt;queue&gt;/$deadletterqueue</c> on Service Bus, <c>&lt;queue&gt;.dead-letter</c> on
/// RabbitMQ). Listing receives and gives back, so it shows the oldest dead letters first.
/// </summary>
public sealed class AmqpDeadLetterQueue(AmqpTransportBase transport, ILogger<AmqpDeadLetterQueue> logger) : IDeadLetterQueue
{
    public Task<IReadOnlyList<DeadLetter>> ListAsync(string queue, int take, CancellationToken ct) =>
        transport.ListDeadLettersAsync(queue, take, ct);

    public async Task<bool> ReplayAsync(string queue, string deadLetterId, CancellationToken ct)
    {
        var replayed = await transport.ReplayDeadLetterAsync(queue, deadLetterId, ct);
        if (replayed)
            MessagingLog.Replayed(logger, queue, deadLetterId);
        return replayed;
    }
}
