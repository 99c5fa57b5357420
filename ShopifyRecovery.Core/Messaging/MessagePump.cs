using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Hosting;

namespace ShopifyRecovery.Messaging;

/// <summary>
/// Consumes one queue: receives, dispatches, settles. Poison goes straight to the dead-letter queue, other failures
/// retry with backoff until <see cref="MessagingOptions.MaxAttempts"/>. On shutdown, running handlers get
/// <see cref="MessagingOptions.DrainTimeout"/> to finish; anything unfinished is redelivered after its lock.
/// </summary>
public sealed class MessagePump(
    string queue,
    IMessageTransport transport,
    MessageDispatcher dispatcher,
    IOptions<MessagingOptions> options,
    ILogger<MessagePump> logger) : BackgroundService
{
    readonly MessagingOptions _options = options.Value;

    public string Queue => queue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Handlers get their own token so a stop lets in-flight work finish instead of tearing it down mid-way.
        using var handlerCts = new CancellationTokenSource();
        await using var drainRegistration = stoppingToken.Register(() => handlerCts.CancelAfter(_options.DrainTimeout));
        var workers = Enumerable.Range(0, _options.Concurrency)
            .Select(_ => RunWorkerAsync(stoppingToken, handlerCts.Token))
            .ToArray();
        await Task.WhenAll(workers);
    }

    async Task RunWorkerAsync(CancellationToken stoppingToken, CancellationToken handlerToken)
    {
        await Task.Yield();
        var reconnectDelay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var receiver = await transport.OpenReceiverAsync(queue,
                    new ReceiverSettings(Prefetch: 1, _options.LockDuration), stoppingToken);
                reconnectDelay = TimeSpan.FromMilliseconds(200);
                while (!stoppingToken.IsCancellationRequested)
                {
                    var delivery = await receiver.ReceiveAsync(TimeSpan.FromSeconds(1), stoppingToken);
                    if (delivery is not null)
                        await ProcessAsync(delivery, handlerToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                MessagingLog.ReceiveFailed(logger, queue, reconnectDelay, e);
                try { await Task.Delay(reconnectDelay, stoppingToken); }
                catch (OperationCanceledException) { return; }
                reconnectDelay = TimeSpan.FromTicks(Math.Min(reconnectDelay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>Handles and settles one delivery; public so tests and tools can drive a single message.</summary>
    public async Task ProcessAsync(IMessageDelivery delivery, CancellationToken ct)
    {
        var message = delivery.Message;
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["MessageId"] = message.MessageId,
            ["MessageType"] = message.Type,
            ["Queue"] = queue,
            ["ShopDomain"] = message.PartitionKey ?? "",
        });
        // The consumer span continues the publisher's trace (traceparent in the message properties).
        using var activity = RecoveryTelemetry.StartConsumerActivity(queue, transport.Name, message);
        var started = Stopwatch.GetTimestamp();
        var outcome = "completed";
        using var renewal = new CancellationTokenSource();
        var renewing = RenewWhileRunningAsync(delivery, renewal.Token);
        bool settled;
        try
        {
            await dispatcher.DispatchAsync(message, ct);
            await StopAsync(renewal, renewing);
            settled = await delivery.CompleteAsync(CancellationToken.None);
            MessagingLog.Handled(logger, queue, message.MessageId, message.Type);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: give it back at once rather than waiting out the lock.
            await StopAsync(renewal, renewing);
            outcome = "abandoned";
            settled = await delivery.AbandonAsync(TimeSpan.Zero, "Consumer stopped", CancellationToken.None);
        }
        catch (Exception e) when (IsPoison(e, out var reason))
        {
            await StopAsync(renewal, renewing);
            outcome = "dead_lettered";
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            MessagingLog.DeadLettered(logger, queue, message.MessageId, message.Type, reason, e);
            settled = await delivery.DeadLetterAsync("Poison", reason, CancellationToken.None);
        }
        catch (Exception e)
        {
            await StopAsync(renewal, renewing);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            if (message.Attempt >= _options.MaxAttempts)
            {
                var reason = $"Failed {message.Attempt} times; last error: {e.GetType().Name}: {e.Message}";
                outcome = "dead_lettered";
                MessagingLog.DeadLettered(logger, queue, message.MessageId, message.Type, reason, e);
                settled = await delivery.DeadLetterAsync("MaxAttemptsExceeded", reason, CancellationToken.None);
            }
            else
            {
                var retryAfter = RetryDelay(message.Attempt);
                outcome = "retried";
                MessagingLog.HandlerFailed(logger, queue, message.MessageId, message.Type, message.Attempt, retryAfter, e);
                settled = await delivery.AbandonAsync(retryAfter, $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
            }
        }
        RecoveryMetrics.MessageProcessed(queue, message.Type, outcome, Stopwatch.GetElapsedTime(started));
        activity?.SetTag("messaging.outcome", outcome);
        if (!settled)
            MessagingLog.LockLost(logger, queue, message.MessageId);
    }

    static bool IsPoison(Exception e, out string reason)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is PoisonMessageException poison)
            {
                reason = poison.Message;
                return true;
            }
        }
        reason = "";
        return false;
    }

    /// <summary>Exponential backoff with jitter so a burst of failures does not retry in lockstep.</summary>
    internal TimeSpan RetryDelay(int attempt)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    async Task RenewWhileRunningAsync(IMessageDelivery delivery, CancellationToken ct)
    {
        var interval = _options.LockDuration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, ct);
                if (!await delivery.RenewLockAsync(ct))
                {
                    MessagingLog.LockLost(logger, queue, delivery.Message.MessageId);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception)
        {
            // A failed renewal is not fatal: the settle that follows reports whether the lock survived.
            MessagingLog.LockLost(logger, queue, delivery.Message.MessageId);
        }
    }

    static async Task StopAsync(CancellationTokenSource renewal, Task renewing)
    {
        await renewal.CancelAsync();
        await renewing;
    }
}
