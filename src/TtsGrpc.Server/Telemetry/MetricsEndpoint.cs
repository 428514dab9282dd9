using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using TtsGrpc.Server.Hosting;
using TtsGrpc.Server.Logging;
using TtsGrpc.Server.Settings;

namespace TtsGrpc.Server.Telemetry;

/// <summary>
/// The Prometheus scrape endpoint on a port of its own: one more Kestrel address beside the gRPC ones,
/// speaking HTTP/1.1 (what scrapers speak; the gRPC addresses stay HTTP/2 only), and a branch that
/// answers only on that port, so the gRPC port serves no /metrics and the metrics port serves no gRPC.
/// </summary>
internal sealed class MetricsEndpoint
{
    private const string DefaultUrls = "http://localhost:5000"; // Kestrel's own default when no address is configured
    private const string PortKey = $"{MetricsOptions.Section}:{nameof(MetricsOptions.Port)}";

    private readonly MetricsOptions _options;

    private MetricsEndpoint(MetricsOptions options) => _options = options;

    private string Url
    {
        get
        {
            var host = _options.Host.Contains(':', StringComparison.Ordinal) && !_options.Host.StartsWith('[')
                ? $"[{_options.Host}]" // an IPv6 address
                : _options.Host;
            return $"http://{host}:{_options.Port}";
        }
    }

    /// <summary>The meter .NET publishes its process, GC and thread-pool instruments on.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Registers the options, the instruments and, when enabled, the exporter and the metrics address.</summary>
    public static MetricsEndpoint Add(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(MetricsOptions.Section);
        builder.Services.AddSettings<MetricsOptions>(section);
        builder.Services.AddSingleton<ServerMetrics>();
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        var grpcUrls = (string.IsNullOrWhiteSpace(urls) ? DefaultUrls : urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var endpoint = new MetricsEndpoint(Validated(section.Get<MetricsOptions>() ?? new MetricsOptions(), grpcUrls));
        if (!endpoint._options.Enabled)
        {
            return endpoint;
        }

        builder.WebHost.UseUrls([.. grpcUrls, endpoint.Url]);
        builder.Services.AddSingleton(new ListenSetting(
            endpoint._options.Port, PortKey, $"set {PortKey} to a free port (or {MetricsOptions.Section}:{nameof(MetricsOptions.Enabled)}=false)"));
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServerMetrics.MeterName))
            .WithMetrics(metrics => metrics
                .AddMeter(ServerMetrics.MeterName)
                // The runtime's own meter: working set, GC heap sizes by generation, collections, thread pool.
                .AddMeter(RuntimeMeterName)
                // A scrape every few seconds costs little; a cached answer would hide what just happened.
                .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        return endpoint;
    }

    /// <summary>
    /// The address is chosen while the host is built, so a bad value has to stop the start here, before
    /// anything is opened, with the same message the options validation gives. A port the gRPC addresses
    /// already use is refused too: the second binding would fail as "in use" by this very process.
    /// </summary>
    private static MetricsOptions Validated(MetricsOptions options, IEnumerable<string> grpcUrls)
    {
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new OptionsValidationException(MetricsOptions.Section, typeof(MetricsOptions), errors.Select(e => e.ErrorMessage ?? ""));
        }

        if (options.Enabled && grpcUrls.FirstOrDefault(url => PortOf(url) == options.Port) is { } taken)
        {
            throw new OptionsValidationException(MetricsOptions.Section, typeof(MetricsOptions), [
                $"{PortKey} is {options.Port}, which Urls already listens on ({taken}); give the metrics endpoint a port of its own " +
                $"(or set {MetricsOptions.Section}:{nameof(MetricsOptions.Enabled)}=false).",
            ]);
        }

        return options;
    }

    private static int? PortOf(string url)
    {
        try
        {
            return BindingAddress.Parse(url).Port;
        }
        catch (FormatException)
        {
            return null; // Kestrel refuses it when it binds
        }
    }

    /// <summary>Whether a Kestrel endpoint is the metrics one (it gets HTTP/1.1; every other endpoint HTTP/2).</summary>
    public bool Owns(ListenOptions endpoint) => _options.Enabled && endpoint.IPEndPoint?.Port == _options.Port;

    /// <summary>Serves /metrics on the metrics port; anything else asked of that port is 404.</summary>
    public void Map(WebApplication app)
    {
        // Made at start (after the settings are validated), so the first call does not pay for it; its meter is
        // found by name, so nothing resolves it while the host is built.
        app.Services.GetRequiredService<ServerMetrics>();
        if (!_options.Enabled)
        {
            return;
        }

        var port = _options.Port;
        app.MapWhen(context => context.Connection.LocalPort == port, branch => branch.UseOpenTelemetryPrometheusScrapingEndpoint());
        ServerLog.MetricsServed(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TtsGrpc.Server"), Url + "/metrics");
    }
}
