using Microsoft.Extensions.Logging.Abstractions;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Amqp;

namespace ShopifyRecovery.Tests.Messaging;

/// <summary>The AMQP transport against the real RabbitMQ test broker, on real time: a crash is a dropped connection.</summary>
public sealed class RabbitMqHarness : TransportHarness
{
    RabbitMqBroker _broker = null!;

    public RabbitMqBroker Broker => _broker;

    public override TimeProvider Clock => TimeProvider.System;

    public override IDeadLetterQueue DeadLetters => new AmqpDeadLetterQueue((AmqpTransport)Transport, NullLogger<AmqpDeadLetterQueue>.Instance);

    public override TimeSpan ScheduleDelay => TimeSpan.FromSeconds(1.5);

    public AmqpOptions AmqpOptions => new() { Address = _broker.Address, NodePrefix = "/amq/queue/", Credit = 4 };

    protected override async Task PrepareAsync() => _broker = await RabbitMqBroker.StartedAsync();

    protected override Task<IMessageTransport> CreateTransportAsync() =>
        Task.FromResult<IMessageTransport>(new AmqpTransport(AmqpOptions, TimeProvider.System, NullLogger<AmqpTransport>.Instance));

    public override string NewQueue() => _broker.TakeQueue();

    /// <summary>Closing the connection without settling is what a killed process looks like to the broker.</summary>
    public override Task CrashAsync(IMessageTransport process) => process.DisposeAsync().AsTask();

    public override Task LetTimePassAsync(TimeSpan duration) => Task.CompletedTask;
}
