using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace ShopifyRecovery.Messaging;

public sealed record Message<T>(string MessageId, T Body, int Attempt, string? PartitionKey, IReadOnlyDictionary<string, string> Properties);

public interface IMessageHandler<T>
{
    Task HandleAsync(Message<T> message, CancellationToken ct);
}

/// <summary>For bodies that are not our JSON (a Shopify webhook's raw bytes).</summary>
public interface IRawMessageHandler
{
    Task HandleAsync(IncomingMessage message, CancellationToken ct);
}

public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static OutgoingMessage Create<T>(string messageId, T body) =>
        new(messageId, typeof(T).Name, JsonSerializer.SerializeToUtf8Bytes(body, Options));

    public static T Read<T>(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body.Span, Options)
                ?? throw new PoisonMessageException($"The {typeof(T).Name} body is null.");
        }
        catch (JsonException e)
        {
            throw new PoisonMessageException($"The {typeof(T).Name} body is not valid JSON: {e.Message}", e);
        }
    }
}

/// <summary>Maps a message type name to the code that handles it, inside a fresh DI scope.</summary>
public sealed record MessageRoute(string Type, Func<IServiceProvider, IncomingMessage, CancellationToken, Task> Invoke);

public sealed class MessageDispatcher(IServiceScopeFactory scopes, IEnumerable<MessageRoute> routes)
{
    readonly Dictionary<string, MessageRoute> _routes = routes.ToDictionary(r => r.Type, StringComparer.Ordinal);

    public async Task DispatchAsync(IncomingMessage message, CancellationToken ct)
    {
        if (!_routes.TryGetValue(message.Type, out var route))
            throw new PoisonMessageException($"No handler is registered for message type '{message.Type}'.");
        await using var scope = scopes.CreateAsyncScope();
        await route.Invoke(scope.ServiceProvider, message, ct);
    }
}

public static class MessageHandlerRegistration
{
    public static IServiceCollection AddMessageHandler<TMessage, THandler>(this IServiceCollection services)
        where THandler : class, IMessageHandler<TMessage>
    {
        services.AddScoped<IMessageHandler<TMessage>, THandler>();
        services.AddSingleton(new MessageRoute(typeof(TMessage).Name, (sp, message, ct) =>
        {
            var body = MessageJson.Read<TMessage>(message.Body);
            var typed = new Message<TMessage>(message.MessageId, body, message.Attempt, message.PartitionKey, message.Properties);
            return sp.GetRequiredService<IMessageHandler<TMessage>>().HandleAsync(typed, ct);
        }));
        return services;
    }

    public static IServiceCollection AddRawMessageHandler<THandler>(this IServiceCollection services, string type)
        where THandler : class, IRawMessageHandler
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new MessageRoute(type, (sp, message, ct) => sp.GetRequiredService<THandler>().HandleAsync(message, ct)));
        return services;
    }
}
