using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace TtsGrpc.Tests.Support;

/// <summary>Keeps the server's log lines, each followed by its scopes (" => x-request-id:…"), so tests and a failing start can show them.</summary>
internal sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new QueueLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Enqueue(string line) => lines.Enqueue(line);

    private sealed class QueueLogger(QueueLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None; // the host's filter rules decide

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            if (exception is not null)
            {
                line.Append(' ').Append(exception);
            }

            provider._scopes.ForEachScope((scope, builder) => builder.Append(" => ").Append(scope), line);
            provider.Enqueue(line.ToString());
        }
    }
}
