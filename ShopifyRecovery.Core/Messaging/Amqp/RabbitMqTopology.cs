using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// What RabbitMQ must hold before the AMQP transport runs, as a definitions file for
/// <c>rabbitmqctl import_definitions</c>. The transport declares nothing itself: RabbitMQ's AMQP 1.0 plugin would
/// declare non-durable queues, and exchanges and bindings cannot be declared over AMQP 1.0 at all.
/// </summary>
public static class RabbitMqTopology
{
    public const string DeadLetterSuffix = ".dead-letter";

    public static string DeadLetterQueue(string queue) => queue + DeadLetterSuffix;

    public static string Definitions(IEnumerable<string> queues)
    {
        var queueDefinitions = new JsonArray();
        var exchanges = new JsonArray();
        var bindings = new JsonArray();
        foreach (var queue in queues)
        {
            // The dead-letter exchange is a safety net: the transport moves dead letters itself (to keep the reason),
            // and falls back to a reject only when that copy cannot be sent.
            queueDefinitions.Add(Queue(queue, new JsonObject
            {
                ["x-dead-letter-exchange"] = "",
                ["x-dead-letter-routing-key"] = DeadLetterQueue(queue),
            }));
            queueDefinitions.Add(Queue(DeadLetterQueue(queue), new JsonObject()));
        }
        for (var level = 0; level < RabbitMqDelays.Levels; level++)
        {
            var name = RabbitMqDelays.Name(level);
            queueDefinitions.Add(Queue(name, new JsonObject
            {
                ["x-message-ttl"] = (long)RabbitMqDelays.Ttl(level).TotalMilliseconds,
                ["x-dead-letter-exchange"] = "",
            }));
            exchanges.Add(new JsonObject
            {
                ["name"] = name, ["vhost"] = "/", ["type"] = "fanout", ["durable"] = true, ["auto_delete"] = false,
                ["internal"] = false, ["arguments"] = new JsonObject(),
            });
            bindings.Add(new JsonObject
            {
                ["source"] = name, ["vhost"] = "/", ["destination"] = name, ["destination_type"] = "queue",
                ["routing_key"] = "", ["arguments"] = new JsonObject(),
            });
        }
        var definitions = new JsonObject { ["queues"] = queueDefinitions, ["exchanges"] = exchanges, ["bindings"] = bindings };
        return definitions.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    static JsonObject Queue(string name, JsonObject arguments) => new()
    {
        ["name"] = name, ["vhost"] = "/", ["durable"] = true, ["auto_delete"] = false, ["arguments"] = arguments,
    };
}
