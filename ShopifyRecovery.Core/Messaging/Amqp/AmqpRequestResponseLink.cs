using Amqp;
using Amqp.Framing;

namespace ShopifyRecovery.Messaging.Amqp;

/// <summary>
/// A sender to a node and a receiver from it whose target is our reply-to address: how Service Bus' $management and
/// $cbs nodes take requests. One request at a time; replies are matched on correlation-id so a late reply to a
/// timed-out request is skipped, not mistaken for the next answer.
/// </summary>
public sealed class AmqpRequestResponseLink
{
    readonly string _node;
    readonly string _replyTo;
    readonly SenderLink _requests;
    readonly ReceiverLink _responses;
    readonly SemaphoreSlim _one = new(1, 1);

    public AmqpRequestResponseLink(Session session, string node)
    {
        _node = node;
        var id = Guid.NewGuid().ToString("N");
        _replyTo = $"{node}-reply-{id}";
        _requests = new SenderLink(session, $"request-{node}-{id}", new Target { Address = node }, null);
        _responses = new ReceiverLink(session, $"response-{node}-{id}",
            new Attach { Source = new Source { Address = node }, Target = new Target { Address = _replyTo } }, null);
        _responses.SetCredit(4);
    }

    public bool IsOpen => !_requests.IsClosed && !_responses.IsClosed;

    public async Task<Message> RequestAsync(Func<string, Message> build, TimeSpan timeout, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            var request = build(_replyTo);
            var id = request.Properties.GetMessageId();
            var deadline = DateTime.UtcNow + timeout;
            await _requests.SendAsync(request).WaitAsync(timeout, ct).OffIoThread();
            while (true)
            {
                var remaining = deadline - DateTime.UtcNow;
                var response = remaining > TimeSpan.Zero
                    ? await _responses.ReceiveAsync(remaining).WaitAsync(ct).OffIoThread()
                    : null;
                if (response is null)
                    throw new TimeoutException($"{_node} did not answer within {timeout}.");
                _responses.Accept(response);
                if (Equals(response.Properties?.GetCorrelationId(), id))
                    return response;
            }
        }
        finally
        {
            _one.Release();
        }
    }
}
