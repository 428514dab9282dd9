using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using TtsGrpc.Server.Hosting;
using TtsGrpc.Server.Http.Internal;
using TtsGrpc.Server.Logging;
using TtsGrpc.Server.Playground;
using TtsGrpc.Server.Settings;

namespace TtsGrpc.Server.Http;

/// <summary>
/// The OpenAI-compatible HTTP API on Tts:Http:Urls: a Kestrel server of its own inside the server's process, started
/// and stopped with it, whose handlers are the server's own singletons (pipeline, caches, call limit, keys, metrics).
/// A server of its own, not more addresses on the gRPC one: Kestrel chooses protocols per endpoint before it binds,
/// and two port-0 addresses (the tests' case) cannot be told apart there; here the gRPC addresses stay HTTP/2-only,
/// these speak HTTP/1.1, and HTTP/2 too on https addresses (by ALPN; certificate from Kestrel:Certificates:Default), and neither server has the other's routes.
/// </summary>
internal sealed class HttpFrontEnd(
    IServiceProvider services, IOptions<HttpOptions> options, HttpAddresses addresses, IConfiguration configuration,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Registers the options, the handlers, the setting behind each fixed port, and the front end itself.</summary>
    public static void Add(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(HttpOptions.Section);
        var services = builder.Services;
        services.AddSettings<HttpOptions>(section);
        services.AddSingleton<HttpAddresses>();
        services.AddSingleton<HttpAuthorization>();
        services.AddSingleton<OpenAiVoices>();
        services.AddSingleton<SpeechEndpoint>();
        services.AddSingleton<CatalogEndpoints>();
        var urls = new HttpOptions { Urls = section[nameof(HttpOptions.Urls)] ?? new HttpOptions().Urls };
        var grpcPorts = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(HttpOptions.PortOf).ToHashSet();
        foreach (var port in urls.AddressList.Select(HttpOptions.PortOf).OfType<int>().Where(port => port > 0).Distinct())
        {
            // Checked while the host is built: the second binding would fail as "in use" by this very process.
            if (grpcPorts.Contains(port))
            {
                throw new OptionsValidationException(HttpOptions.Section, typeof(HttpOptions), [
                    $"{HttpOptions.UrlsKey} lists port {port}, which Urls already listens on for gRPC; give the HTTP API a port of its own (or set {HttpOptions.UrlsKey} empty)."]);
            }

            services.AddSingleton(new ListenSetting(
                port, HttpOptions.UrlsKey, $"set {HttpOptions.UrlsKey} to a free port (or to empty, to turn the HTTP API off)"));
        }

        services.AddHostedService<HttpFrontEnd>();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("TtsGrpc.Server.Http");
        var http = options.Value;
        if (!http.Enabled)
        {
            HttpLog.Off(logger);
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // Nothing of the server's configuration binds here (its Kestrel:Endpoints are the gRPC ones), except the
        // certificates an https address needs.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(configuration.GetSection("Kestrel:Certificates").AsEnumerable().Where(setting => setting.Value is not null));
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.None);
        builder.Services.AddSingleton<ILoggerProvider>(new ForwardingLoggerProvider(loggers));
        builder.Services.AddSingleton<IHostLifetime, HostedLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls([.. http.AddressList]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = http.MaxRequestBytes;
            // HTTP/2 comes by ALPN over TLS; a plaintext endpoint offered both would warn at every start and speak HTTP/1.1.
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols =
                http.AddressList.Any(url => url.StartsWith("https:", StringComparison.OrdinalIgnoreCase) && HttpOptions.PortOf(url) == endpoint.IPEndPoint?.Port)
                    ? HttpProtocols.Http1AndHttp2
                    : HttpProtocols.Http1);
        });

        var app = builder.Build();
        Map(app);
        _app = app;
        await app.StartAsync(cancellationToken);
        addresses.Set(app.Urls);
        HttpLog.Listening(logger, string.Join(", ", app.Urls));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(cancellationToken);
            await app.DisposeAsync();
        }
    }

    /// <summary>A start that failed after this one bound its ports never stops it; disposing the server's services does.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// The routes, and the web playground's files at "/" before them; the middleware in front words every failure
    /// and unknown route in OpenAI's error shape.
    /// </summary>
    private void Map(WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<OpenAiErrorMiddleware>(services.GetRequiredService<Telemetry.ServerMetrics>());
        PlaygroundFiles.Use(app);
        app.UseRouting();
        var speech = services.GetRequiredService<SpeechEndpoint>();
        var catalog = services.GetRequiredService<CatalogEndpoints>();
        app.MapPost(SpeechEndpoint.Pattern, speech.HandleAsync);
        app.MapGet("/v1/models", catalog.ModelsAsync);
        app.MapGet("/v1/audio/models", catalog.AudioModelsAsync);
        app.MapGet("/v1/audio/voices", catalog.VoicesAsync);
    }
}
