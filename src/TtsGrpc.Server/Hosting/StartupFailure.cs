using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using TtsGrpc.Core.Engines;
using TtsGrpc.Server.Settings;
using TtsGrpc.Storage;

namespace TtsGrpc.Server.Hosting;

/// <summary>
/// Words a start-up failure an operator can fix as the lines the process writes on stderr before it exits with
/// code 1: one per bad setting, else one naming the cause and what to do. A port in use, a store that cannot be
/// opened and an engine that cannot load are such failures; anything else is a fault and keeps its stack.
/// </summary>
internal sealed partial class StartupFailure
{
    public const string Prefix = "TtsGrpc could not start: ";
    public const string SettingsPrefix = "Invalid configuration: ";

    private IConfiguration? _configuration;
    private IServiceCollection? _services;

    /// <summary>
    /// Given to <see cref="ServerApp.Build"/>: keeps the configuration and the services being registered, which tell
    /// the lines the data directory and the setting behind each port, also when the build itself fails.
    /// </summary>
    public void Watch(WebApplicationBuilder builder)
    {
        _configuration = builder.Configuration;
        _services = builder.Services;
    }

    /// <summary>The lines for <paramref name="exception"/>, or none when it is not a known start-up failure.</summary>
    public IReadOnlyList<string> Lines(Exception exception)
    {
        var listens = _services?
            .Where(service => service.ServiceType == typeof(ListenSetting) && !service.IsKeyedService)
            .Select(service => service.ImplementationInstance)
            .OfType<ListenSetting>() ?? [];
        return Lines(exception, _configuration, listens);
    }

    /// <summary>Whether <paramref name="exception"/> is a start-up failure worded in lines (so its logged stack can be left out).</summary>
    public static bool IsKnown(Exception exception) => Lines(exception, configuration: null, listens: []).Count > 0;

    private static IReadOnlyList<string> Lines(Exception exception, IConfiguration? configuration, IEnumerable<ListenSetting> listens)
    {
        if (SettingsFailure.Lines(exception) is { Count: > 0 } settings)
        {
            return [.. settings.Select(failure => SettingsPrefix + failure)];
        }

        return Cause(exception, configuration, listens) is { } cause ? [Prefix + cause] : [];
    }

    private static string? Cause(Exception exception, IConfiguration? configuration, IEnumerable<ListenSetting> listens) => exception switch
    {
        IOException { InnerException: AddressInUseException } inUse => PortInUse(inUse, configuration, listens),
        EngineLoadException engine => OneLine(engine.Message),
        _ when ThrownByTheStore(exception) => StoreFailed(exception, configuration),
        _ => null,
    };

    /// <summary>Kestrel's "Failed to bind to address http://127.0.0.1:9464: address already in use." with the setting behind the port.</summary>
    private static string PortInUse(IOException exception, IConfiguration? configuration, IEnumerable<ListenSetting> listens)
    {
        var match = BindAddress().Match(exception.Message);
        var port = match.Success ? PortOf(match.Groups["address"].Value) : null;
        if (port is null)
        {
            return $"{OneLine(exception.Message).TrimEnd('.')}; stop the other process or change the port in Urls, Kestrel:Endpoints or Tts:Metrics:Port.";
        }

        var address = match.Groups["address"].Value;
        address = address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var setting = listens.FirstOrDefault(listen => listen.Port == port) ?? FromConfiguration(port.Value, configuration);
        return $"{address} ({setting.Key}) is already in use; stop the other process or {setting.Remedy}.";
    }

    /// <summary>The setting in the configuration that lists <paramref name="port"/>; Urls when none names it more precisely.</summary>
    private static ListenSetting FromConfiguration(int port, IConfiguration? configuration)
    {
        IEnumerable<(string Key, string? Value)> candidates = configuration is null ? [] : configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => (Key: endpoint.Path + ":Url", Value: endpoint["Url"]))
            .Concat(configuration.GetSection(ServerOptions.Section).AsEnumerable()
                .Where(setting => setting.Key.EndsWith("Url", StringComparison.OrdinalIgnoreCase)
                    || setting.Key.EndsWith("Urls", StringComparison.OrdinalIgnoreCase)
                    || setting.Key.EndsWith("Port", StringComparison.OrdinalIgnoreCase))
                .Select(setting => (setting.Key, setting.Value)));
        foreach (var (key, value) in candidates)
        {
            var ports = (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(url => int.TryParse(url, out var number) ? number : PortOf(url));
            if (ports.Contains(port))
            {
                return new ListenSetting(port, key, $"set {key} to a free port");
            }
        }

        return new ListenSetting(port, "Urls", "set Urls (--urls) to a free port");
    }

    private static int? PortOf(string url)
    {
        try
        {
            return BindingAddress.Parse(url).Port;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether the store's own code threw (opening RocksDB, creating its directory, checking its schema).</summary>
    private static bool ThrownByTheStore(Exception exception) =>
        new StackTrace(exception).GetFrames().Any(frame => frame.GetMethod()?.DeclaringType?.Assembly == typeof(LocalStore).Assembly);

    private static string StoreFailed(Exception exception, IConfiguration? configuration)
    {
        var directory = configuration?[$"{ServerOptions.Section}:{nameof(ServerOptions.DataDirectory)}"] is { Length: > 0 } configured
            ? configured
            : new ServerOptions().DataDirectory;
        var message = OneLine(exception.Message);
        var remedy = message.Contains("lock", StringComparison.OrdinalIgnoreCase)
            ? "; another server may be using it: stop that server or give this one a Tts:DataDirectory of its own."
            : exception is InvalidDataException
            ? "" // the store's own message says what to do
            : "; check that it is a directory this user can write, or set Tts:DataDirectory to another directory.";
        return $"the store under Tts:DataDirectory '{Path.GetFullPath(directory)}' could not be opened: {(remedy.Length > 0 ? message.TrimEnd('.') : message)}{remedy}";
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    [GeneratedRegex(@"address (?<address>\S+): address already in use")]
    private static partial Regex BindAddress();
}
