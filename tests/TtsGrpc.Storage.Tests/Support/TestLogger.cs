using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TtsGrpc.Storage.Tests.Support;

/// <summary>Routes the store's log to the test output and keeps the lines for assertions.</summary>
public sealed class TestLogger : ILogger<LocalStore>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string line = $"{logLevel} {eventId.Id}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}";
        Lines.Enqueue(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }
}
