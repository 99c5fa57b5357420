using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Messaging.Amqp;
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
        services.AddSingleton(sp => new ServiceBusTransport(
            ServiceBusConnectionString.Parse(sp.GetRequiredService<IConfiguration>().GetConnectionString(ServiceBusConnectionString.Name)),
            sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Amqp, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ServiceBusTransport>>()));
        services.AddSingleton(sp => new AmqpTransport(sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Amqp,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AmqpTransport>>()));
        services.AddSingleton<IMessageTransport>(sp => sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Transport switch
        {
            TransportKind.ServiceBus => sp.GetRequiredService<ServiceBusTransport>(),
            TransportKind.Amqp => sp.GetRequiredService<AmqpTransport>(),
            _ => sp.GetRequiredService<EmbeddedTransport>(),
        });
        services.AddSingleton<IMessageBus>(sp => sp.GetRequiredService<IMessageTransport>());
        services.AddSingleton<IDeadLetterQueue>(sp => sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Transport switch
        {
            TransportKind.ServiceBus => new AmqpDeadLetterQueue(sp.GetRequiredService<ServiceBusTransport>(), sp.GetRequiredService<ILogger<AmqpDeadLetterQueue>>()),
            TransportKind.Amqp => new AmqpDeadLetterQueue(sp.GetRequiredService<AmqpTransport>(), sp.GetRequiredService<ILogger<AmqpDeadLetterQueue>>()),
            _ => new EmbeddedDeadLetterQueue(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<EmbeddedTransport>(),
                sp.GetRequiredService<ILogger<EmbeddedDeadLetterQueue>>()),
        });
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
        services.AddHostedService(sp => new EmbeddedQueueJanitor(sp.GetRequiredService<IMessageTransport>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

/// <summary>Checks the settings of the chosen transport only: a Service Bus connection string is not needed on Embedded.</summary>
sealed class MessagingOptionsValidator(IConfiguration configuration) : IValidateOptions<MessagingOptions>
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
        if (options.Transport is TransportKind.Amqp or TransportKind.ServiceBus && options.Amqp.Credit is < 1 or > 100)
            errors.Add($"Messaging:Amqp:Credit must be between 1 and 100; it is {options.Amqp.Credit}.");
        if (options.Transport == TransportKind.Amqp)
        {
            if (!Uri.TryCreate(options.Amqp.Address, UriKind.Absolute, out var address) || address.Scheme is not ("amqp" or "amqps"))
                errors.Add($"Messaging:Amqp:Address must be an absolute amqp:// or amqps:// address when Messaging:Transport is Amqp; it is '{Redacted(address, options.Amqp.Address)}'.");
            if (string.IsNullOrWhiteSpace(options.Amqp.NodePrefix))
                errors.Add("Messaging:Amqp:NodePrefix must not be empty (RabbitMQ: /amq/queue/).");
        }
        if (options.Transport == TransportKind.ServiceBus
            && !ServiceBusConnectionString.TryParse(configuration.GetConnectionString(ServiceBusConnectionString.Name), out _, out var error))
            errors.Add(error);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>An address may carry a password; the error shows it without one.</summary>
    static string? Redacted(Uri? address, string? raw) =>
        address is { UserInfo.Length: > 0 } ? address.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped)
        : raw is not null && raw.Contains('@') ? "(not shown: it contains credentials)"
        : raw;
}
