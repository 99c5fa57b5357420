using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Tests.Support;

/// <summary>Keeps every formatted log line, to assert that an operator would see what happened.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    readonly ConcurrentQueue<(EventId EventId, string Message)> _lines = new();

    public IReadOnlyList<(EventId EventId, string Message)> Lines => [.. _lines];

    public IEnumerable<string> Messages(int eventId) => _lines.Where(l => l.EventId.Id == eventId).Select(l => l.Message);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue((eventId, formatter(state, exception)));
    }
}
