using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Messaging.Embedded;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>The bus for publishing; every host needs it.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return new EmbeddedTransport(QueueSqlDialect.For(database.Provider, database.ConnectionString),
                sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Embedded, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IMessageTransport>(sp => sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Transport switch
        {
            TransportKind.Embedded => sp.GetRequiredService<EmbeddedTransport>(),
            var other => throw new OptionsValidationException(MessagingOptions.Section, typeof(MessagingOptions),
                [$"Messaging:Transport '{other}' is not available in this build."]),
        });
        services.AddSingleton<IMessageBus>(sp => sp.GetRequiredService<IMessageTransport>());
        services.AddSingleton<IDeadLetterQueue>(sp => new EmbeddedDeadLetterQueue(
            sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<EmbeddedTransport>(),
            sp.GetRequiredService<ILogger<EmbeddedDeadLetterQueue>>()));
        services.AddSingleton<MessageDispatcher>();
        services.AddSingleton<OutboxRelay>();
        return services;
    }

    /// <summary>The consuming side: one pump per queue, the outbox relay and queue housekeeping.</summary>
    public static IServiceCollection AddMessageConsumers(this IServiceCollection services)
    {
        foreach (var queue in Queues.All)
        {
            services.AddSingleton<IHostedService>(sp => new MessagePump(queue,
                sp.GetRequiredService<IMessageTransport>(), sp.GetRequiredService<MessageDispatcher>(),
                sp.GetRequiredService<IOptions<MessagingOptions>>(), sp.GetRequiredService<ILogger<MessagePump>>()));
        }
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        services.AddHostedService(sp => new EmbeddedQueueJanitor(sp.GetRequiredService<EmbeddedTransport>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var errors = new List<string>();
        if (options.LockDuration < TimeSpan.FromSeconds(5) || options.LockDuration > TimeSpan.FromMinutes(5))
            errors.Add($"Messaging:LockDuration must be between 00:00:05 and 00:05:00 (Service Bus' maximum); it is {options.LockDuration}.");
        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
            errors.Add($"Messaging:RetryBaseDelay ({options.RetryBaseDelay}) must be positive and not above Messaging:RetryMaxDelay ({options.RetryMaxDelay}).");
        if (options.Embedded.PollInterval <= TimeSpan.Zero)
            errors.Add($"Messaging:Embedded:PollInterval must be positive; it is {options.Embedded.PollInterval}.");
        if (options.Transport == TransportKind.Amqp && !Uri.TryCreate(options.Amqp.Address, UriKind.Absolute, out _))
            errors.Add($"Messaging:Amqp:Address must be an absolute amqp:// or amqps:// address when Messaging:Transport is Amqp; it is '{options.Amqp.Address}'.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
