using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TtsGrpc.Server.Hosting;

namespace TtsGrpc.Server.Logging;

/// <summary>
/// Corrects the level of two kinds of entries the frameworks log with a stack, by category, event and exception:
/// <list type="bullet">
/// <item>Kestrel's and the host's reports of a start-up failure that the process words in one line on stderr
/// (<see cref="StartupFailure"/>: a port in use) are left out; the exception still reaches the caller.</item>
/// <item>grpc-dotnet's "Error when executing service method" for a request body that failed to read because the
/// client reset the stream (it reads a unary or server-streaming request before any interceptor runs, so
/// <see cref="Interceptors.ErrorInterceptor"/> never sees it) is logged at Debug: the client left, nothing failed.</item>
/// </list>
/// Everything else passes as it was logged.
/// </summary>
internal static class HostLogFilter
{
    private const string KestrelCategory = "Microsoft.AspNetCore.Server.Kestrel";
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private const string GrpcCallCategory = "Grpc.AspNetCore.Server.ServerCallHandler";
    private const int KestrelStartFailed = 0; // "Unable to start Kestrel."
    private const int HostStartFailed = 11; // HostedServiceStartupFaulted, "Hosting failed to start"
    private const string GrpcHandlerFailed = "ErrorExecutingServiceMethod";

    /// <summary>Wraps the logger factory the host builds from its logging providers and filter rules.</summary>
    public static void Add(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new Factory(new LoggerFactory(
            provider.GetServices<ILoggerProvider>(),
            provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            provider.GetService<IOptions<LoggerFactoryOptions>>(),
            provider.GetService<IExternalScopeProvider>()))));

    private sealed class Factory(LoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return categoryName is KestrelCategory or HostCategory or GrpcCallCategory ? new Filtered(logger, categoryName) : logger;
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class Filtered(ILogger inner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            var startFailure = category switch
            {
                KestrelCategory => eventId.Id == KestrelStartFailed,
                HostCategory => eventId.Id == HostStartFailed,
                _ => false,
            };
            if (startFailure && StartupFailure.IsKnown(exception))
            {
                return;
            }

            var clientReset = category == GrpcCallCategory && eventId.Name == GrpcHandlerFailed && exception is IOException or ConnectionAbortedException;
            inner.Log(clientReset ? LogLevel.Debug : logLevel, eventId, state, exception, formatter);
        }
    }
}
