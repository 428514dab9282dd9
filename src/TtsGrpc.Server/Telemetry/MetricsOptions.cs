using System.ComponentModel.DataAnnotations;

namespace TtsGrpc.Server.Telemetry;

/// <summary>The Prometheus scrape endpoint ("Tts:Metrics" in configuration): a port of its own, apart from gRPC.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Tts:Metrics";

    /// <summary>Serve http://Host:Port/metrics; off, no meter is created at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Interface the metrics port listens on: loopback by default, "0.0.0.0" or "*" for every interface.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Tts:Metrics:Host must name an interface, e.g. 127.0.0.1 or 0.0.0.0.")]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port of the scrape endpoint (plain HTTP/1.1); must differ from the gRPC port.</summary>
    [Range(1, 65535, ErrorMessage = "Tts:Metrics:Port must be a TCP port between 1 and 65535.")]
    public int Port { get; set; } = 9464;
}
