using System.ComponentModel.DataAnnotations;

namespace ShopifyRecovery.Messaging;

public enum TransportKind { Embedded, ServiceBus, Amqp }

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    public TransportKind Transport { get; set; } = TransportKind.Embedded;

    /// <summary>After this many deliveries a failing message is dead-lettered (Service Bus MaxDeliveryCount must be at least this).</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 8;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a delivery stays locked to one consumer before another may take it.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Handlers running at once per queue in one process.</summary>
    [Range(1, 64)] public int Concurrency { get; set; } = 4;

    /// <summary>How long handlers may finish their work when the host stops before their messages are given back.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public EmbeddedQueueOptions Embedded { get; set; } = new();

    public AmqpOptions Amqp { get; set; } = new();
}

public sealed class EmbeddedQueueOptions
{
    /// <summary>Idle consumers look for due messages this often (messages published in-process wake them at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Completed rows are kept this long so a duplicate MessageId is still recognised, then removed.</summary>
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromDays(2);

    [Range(1, 4096)] public int MaxBatch { get; set; } = 512;
}

public sealed class AmqpOptions
{
    /// <summary>Broker address for the plain AMQP 1.0 transport, e.g. <c>amqp://guest:guest@127.0.0.1:5672</c>.</summary>
    public string? Address { get; set; }

    /// <summary>
    /// Prefix for queue addresses. RabbitMQ's <c>/amq/queue/</c> uses the queue as declared by the definitions file;
    /// <c>/queue/</c> would make the plugin declare it, non-durable, and fail against the durable one.
    /// </summary>
    public string NodePrefix { get; set; } = "/amq/queue/";

    /// <summary>Link credit ceiling (Service Bus and AMQP): only what can be handled now, so locks don't expire in a prefetch buffer.</summary>
    [Range(1, 100)] public int Credit { get; set; } = 4;
}
