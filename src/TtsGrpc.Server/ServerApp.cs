using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TtsGrpc.Core.Audio;
using TtsGrpc.Core.Caching;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.Espeak;
using TtsGrpc.Core.Engines.Kokoro;
using TtsGrpc.Core.Engines.OpenAI;
using TtsGrpc.Core.Engines.Piper;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Core.Voices;
using TtsGrpc.Native;
using TtsGrpc.Server.Hosting;
using TtsGrpc.Server.Http;
using TtsGrpc.Server.Interceptors;
using TtsGrpc.Server.Logging;
using TtsGrpc.Server.Security;
using TtsGrpc.Server.Services;
using TtsGrpc.Server.Settings;
using TtsGrpc.Server.Telemetry;
using TtsGrpc.Storage;

namespace TtsGrpc.Server;

/// <summary>The composition root: configuration, services and endpoints of the gRPC host.</summary>
public static class ServerApp
{
    /// <summary>What one word timing takes in the memory tier (four ints).</summary>
    private const int WordTimingBytes = 4 * sizeof(int);

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var metrics = MetricsEndpoint.Add(builder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint =>
            endpoint.Protocols = metrics.Owns(endpoint) ? HttpProtocols.Http1 : HttpProtocols.Http2));

        var services = builder.Services;
        HostLogFilter.Add(services); // start-up failures and client resets the frameworks would log with a stack
        services.AddSettings<ServerOptions>(builder.Configuration.GetSection(ServerOptions.Section));
        services.AddSettings<SynthesisOptions>(builder.Configuration.GetSection(SynthesisOptions.Section));
        services.AddSettings<CacheOptions>(builder.Configuration.GetSection(CacheOptions.Section));
        services.AddSettings<VoiceOptions>(builder.Configuration.GetSection(VoiceOptions.Section));
        services.AddSingleton<IValidateOptions<ServerOptions>, BackendValidator>();
        services.AddSingleton<IValidateOptions<SynthesisOptions>, DefaultVoiceValidator>();
        services.AddSingleton<IValidateOptions<VoiceOptions>, DefaultVoiceValidator>();
        services.AddSingleton(CreateAudioCore);
        services.AddSingleton<OutputStage>();
        AddEngines(services, builder.Configuration);
        services.AddSingleton(sp => new VoiceCatalog(
            sp.GetServices<ISpeechEngine>(), sp.GetRequiredService<IOptions<SynthesisOptions>>().Value.DefaultVoice));
        services.AddSingleton<RequestValidator>();
        services.AddSingleton<SynthesisCounters>();
        services.AddSingleton(sp => new LruCache<SpokenClip>(
            sp.GetRequiredService<IOptions<CacheOptions>>().Value.MemoryCapacityBytes,
            clip => (clip.Pcm.Length * sizeof(short)) + ((clip.Words?.Count ?? 0) * WordTimingBytes),
            sp.GetRequiredService<IOptions<CacheOptions>>().Value.MemoryMaxEntries));
        services.AddSingleton(sp => new EncodedCache(sp.GetRequiredService<IOptions<CacheOptions>>().Value.RenderedCapacityBytes));
        services.AddSingleton(OpenStore); // one database; AudioCache.Close disposes it at shutdown
        services.AddSingleton(sp => sp.GetRequiredService<LocalStore>().Segments);
        services.AddSingleton(sp => sp.GetRequiredService<LocalStore>().Voices);
        services.AddSingleton<DiskWriter>();
        SharedTierSetup.Add(services, builder.Configuration); // Tts:Cache:Redis: the optional shared tier behind the disk
        services.AddSingleton<AudioCache>();
        services.AddSingleton<VoiceAnalyzer>();
        services.AddSingleton<SpectralConditioner>();
        services.AddSingleton<ConditioningBatcher>();
        services.AddSingleton<PitchCalibration>();
        services.AddSingleton<VoiceRegistry>();
        services.AddSingleton<VoiceConditioner>();
        services.AddSingleton<SynthesisPipeline>();
        services.AddSingleton<CallLimiter>();
        services.AddSingleton<UploadLimiter>();
        services.AddSettings<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddSettings<ShutdownOptions>(builder.Configuration.GetSection(ShutdownOptions.Section));
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.Value.TimeoutSeconds));
        services.AddHostedService<GracefulShutdown>();
        services.AddGrpc(grpc =>
        {
            // Outermost first: every call is counted (refused ones too), then keys are checked.
            grpc.Interceptors.Add<MetricsInterceptor>();
            grpc.Interceptors.Add<ApiKeyInterceptor>();
            grpc.Interceptors.Add<ErrorInterceptor>();
            // Reference uploads arrive in chunks; allow chunks of a few MiB (gRPC's default is 4 MiB).
            grpc.MaxReceiveMessageSize = 8 << 20;
        });
        services.AddGrpcReflection();
        HttpFrontEnd.Add(builder);
        services.AddGrpcHealthChecks().Add(new HealthCheckRegistration(
            "engine", sp => new EngineHealthCheck(sp.GetRequiredService<OutputStage>()), failureStatus: null, tags: null)).Add(new HealthCheckRegistration(
            "store", sp => new StoreHealthCheck(sp.GetRequiredService<LocalStore>()), failureStatus: null, tags: null));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<RequestIdMiddleware>();
        app.MapGrpcService<TextToSpeechService>();
        app.MapGrpcService<VoicesService>();
        app.MapGrpcService<CacheAdminService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        WarmUp(app.Services); // validates every setting first, so it runs before anything else is resolved
        metrics.Map(app);
        return app;
    }

    /// <summary>Builds the engine and native core at start, so the first call pays nothing and a bad setup fails loudly.</summary>
    private static void WarmUp(IServiceProvider services)
    {
        services.GetRequiredService<IStartupValidator>().Validate(); // every bad setting at once, before anything opens
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        Directory.CreateDirectory(options.DataDirectory);
        services.GetRequiredService<PiperVoiceLibrary>(); // creates the voices directory
        var catalog = services.GetRequiredService<VoiceCatalog>();
        services.GetRequiredService<OutputStage>();
        services.GetRequiredService<AudioCache>();
        services.GetRequiredService<ApiKeyRing>();
        var voices = services.GetRequiredService<VoiceRegistry>();
        var (preloaded, missing) = voices.PreloadAtStart(services.GetRequiredService<IOptions<VoiceOptions>>().Value.Preload);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TtsGrpc.Server");
        foreach (var engine in catalog.Engines)
        {
            var usable = engine.Voices.Count(v => v.Unavailable is null);
            ServerLog.EngineReady(logger, engine.Id, engine.Version, usable, engine.Voices.Count - usable);
        }

        ServerLog.DefaultVoice(logger, catalog.Default.Id, catalog.Default.SampleRate);
        ServerLog.VoicesPreloaded(logger, preloaded, missing.Count == 0 ? "none" : string.Join(", ", missing));
    }

    /// <summary>
    /// espeak-ng first (bare voice names are its own), then Piper over the voices directory, then Kokoro and the
    /// remote engine when they are configured.
    /// </summary>
    private static void AddEngines(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<PiperOptions>(configuration.GetSection(PiperOptions.Section));
        services.AddSingleton<ISpeechEngine, EspeakEngine>();
        services.AddSingleton(CreatePiperLibrary);
        services.AddSingleton<PiperPhonemizer>();
        services.AddSingleton(sp => new PiperEngine(
            sp.GetRequiredService<PiperVoiceLibrary>(), sp.GetRequiredService<PiperPhonemizer>(), sp.GetRequiredService<IOptions<PiperOptions>>(),
            sp.GetRequiredService<ILogger<PiperEngine>>(),
            useCuda: UseCuda(sp)));
        services.AddSingleton<ISpeechEngine>(sp => sp.GetRequiredService<PiperEngine>());

        // Installs from the voice index into the voices directory.
        services.AddSingleton<PiperVoiceInstaller>();
        PiperDownloads.AddHttpClients(services);

        services.AddSettings<KokoroOptions>(configuration.GetSection(KokoroOptions.Section));
        services.AddSingleton<KokoroPhonemizer>();
        if (!string.IsNullOrWhiteSpace(configuration[$"{KokoroOptions.Section}:{nameof(KokoroOptions.ModelPath)}"]))
        {
            services.AddSingleton(CreateKokoroEngine);
            services.AddSingleton<ISpeechEngine>(sp => sp.GetRequiredService<KokoroEngine>());
        }

        services.AddSettings<OpenAiOptions>(configuration.GetSection(OpenAiOptions.Section));
        if (!string.IsNullOrWhiteSpace(configuration[$"{OpenAiOptions.Section}:{nameof(OpenAiOptions.BaseUrl)}"]))
        {
            services.AddSingleton<OpenAiStatistics>();
            OpenAiClients.Add(services);
            services.AddSingleton(CreateOpenAiEngine);
            services.AddSingleton<ISpeechEngine>(sp => sp.GetRequiredService<OpenAiEngine>());
        }
    }

    /// <summary>
    /// The remote engine with the upstream's voice list fetched, for at most VoiceListTimeoutSeconds: an upstream that
    /// is down is a warning, not a failed start (the list is fetched again when a name is not in it).
    /// </summary>
    private static OpenAiEngine CreateOpenAiEngine(IServiceProvider services)
    {
        var engine = new OpenAiEngine(
            services.GetRequiredService<IOptions<OpenAiOptions>>(), services.GetRequiredService<IHttpClientFactory>(),
            services.GetRequiredService<OpenAiStatistics>(), services.GetRequiredService<ILogger<OpenAiEngine>>());
        engine.LoadVoicesAsync(CancellationToken.None).GetAwaiter().GetResult(); // bounded by its own timeout; failures are logged
        return engine;
    }

    /// <summary>Whether the ONNX engines try the CUDA execution provider: the service runs with a CUDA device.</summary>
    private static bool UseCuda(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ServerOptions>>().Value.Backend != ComputeBackend.Cpu && AudioCore.CudaDeviceCount > 0;

    /// <summary>The Kokoro model and its voice packs (imported into the store); a model that cannot be used stops the start naming its setting.</summary>
    private static KokoroEngine CreateKokoroEngine(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<KokoroOptions>>().Value;
        KokoroModel model;
        try
        {
            model = KokoroModel.Load(
                options.ModelPath, options.ConfigPathFor(options.ModelPath), options.IntraOpThreads, UseCuda(services),
                services.GetRequiredService<ILogger<KokoroModel>>());
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new OptionsValidationException(KokoroOptions.Section, typeof(KokoroOptions), [
                $"{KokoroOptions.Section}:{nameof(KokoroOptions.ModelPath)} '{options.ModelPath}' is not a usable Kokoro model: {e.Message.TrimEnd('.')}."]);
        }

        var voicesPath = string.IsNullOrWhiteSpace(options.VoicesPath)
            ? Path.GetDirectoryName(Path.GetFullPath(options.ModelPath)) ?? "."
            : options.VoicesPath;
        var packs = new KokoroVoicePacks(
            services.GetRequiredService<LocalStore>().Embeddings, voicesPath, options.PackCacheBytes, services.GetRequiredService<ILogger<KokoroVoicePacks>>());
        packs.Import();
        return new KokoroEngine(model, packs, services.GetRequiredService<KokoroPhonemizer>(), services.GetRequiredService<ILogger<KokoroEngine>>());
    }

    /// <summary>The Piper voices directory, created at start, so a path that cannot be used fails the start naming its setting.</summary>
    private static PiperVoiceLibrary CreatePiperLibrary(IServiceProvider services)
    {
        var dataDirectory = services.GetRequiredService<IOptions<ServerOptions>>().Value.DataDirectory;
        var directory = services.GetRequiredService<IOptions<PiperOptions>>().Value.VoicesDirectoryUnder(dataDirectory);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new OptionsValidationException(PiperOptions.Section, typeof(PiperOptions), [
                $"{PiperOptions.Section}:VoicesDirectory '{directory}' cannot be created: {e.Message.TrimEnd('.')}; " +
                $"set {PiperOptions.Section}:VoicesDirectory to a directory this user can create and write."]);
        }

        return new PiperVoiceLibrary(directory, services.GetRequiredService<ILogger<PiperVoiceLibrary>>());
    }

    private static LocalStore OpenStore(IServiceProvider services)
    {
        var server = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var cache = services.GetRequiredService<IOptions<CacheOptions>>().Value;
        var options = new StoreOptions
        {
            Directory = Path.Combine(server.DataDirectory, "store"),
            CapacityBytes = cache.DiskCapacityBytes,
        };
        return LocalStore.Open(options, services.GetRequiredService<ILogger<LocalStore>>());
    }

    private static AudioCore CreateAudioCore(IServiceProvider services)
    {
        var requested = services.GetRequiredService<IOptions<ServerOptions>>().Value.Backend;
        AudioCore core;
        try
        {
            core = AudioCore.Create(requested);
        }
        catch (NativeException e) when (requested == ComputeBackend.Cuda)
        {
            // A device answered (BackendValidator checked) but CUDA could not start on it, e.g. the probe kernel found
            // no kernel image for this GPU: still a setting to change, refused in one line.
            throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions), [BackendValidator.CudaFailed(e.Message)]);
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TtsGrpc.Server");
        if (core.FallbackReason is { } reason)
        {
            var level = AudioCore.CudaDeviceCount > 0 ? LogLevel.Warning : LogLevel.Information;
            ServerLog.BackendFellBack(logger, level, AudioCore.LibraryVersion, reason);
        }
        else
        {
            ServerLog.BackendChosen(
                logger, AudioCore.LibraryVersion, core.Backend, core.Description, requested, AudioCore.CudaCompiled, AudioCore.CudaDeviceCount);
        }

        return core;
    }
}
