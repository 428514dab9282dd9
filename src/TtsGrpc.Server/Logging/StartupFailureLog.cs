using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TtsGrpc.Server.Hosting;

namespace TtsGrpc.Server.Logging;

/// <summary>
/// Leaves out of the log the host's and Kestrel's own reports of a start-up failure that the process words in one
/// line on stderr (<see cref="StartupFailure"/>: a port in use): each carries the exception's stack, which would
/// bury that line. Only those two entries, and only for such a failure; everything else they log passes.
/// </summary>
internal static class StartupFailureLog
{
    private const string KestrelCategory = "Microsoft.AspNetCore.Server.Kestrel";
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private const int KestrelStartFailed = 0; // "Unable to start Kestrel."
    private const int HostStartFailed = 11; // HostedServiceStartupFaulted, "Hosting failed to start"

    /// <summary>Wraps the logger factory; for the process (Program.cs), which writes the line itself.</summary>
    public static void Quiet(WebApplicationBuilder builder) =>
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services => new Factory(new LoggerFactory(
            services.GetServices<ILoggerProvider>(),
            services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            services.GetService<IOptions<LoggerFactoryOptions>>(),
            services.GetService<IExternalScopeProvider>()))));

    private sealed class Factory(LoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return categoryName switch
            {
                KestrelCategory => new Filtered(logger, KestrelStartFailed),
                HostCategory => new Filtered(logger, HostStartFailed),
                _ => logger,
            };
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class Filtered(ILogger inner, int startFailed) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == startFailed && exception is not null && StartupFailure.IsKnown(exception))
            {
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
