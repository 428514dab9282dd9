using Microsoft.Extensions.Options;
using TtsGrpc.Core.Caching;
using TtsGrpc.Server.Settings;
using TtsGrpc.Storage;

namespace TtsGrpc.Server.Hosting;

/// <summary>The shared cache tier ("Tts:Cache:Redis"), registered only when a configuration string is set.</summary>
internal static class SharedTierSetup
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SharedStoreOptions.Section);
        services.AddSettings<SharedStoreOptions>(section);
        if (string.IsNullOrWhiteSpace(section[nameof(SharedStoreOptions.Configuration)]))
        {
            return; // AudioCache takes no SharedTier and never touches a server
        }

        services.AddSingleton(sp => new SharedStore(
            sp.GetRequiredService<IOptions<SharedStoreOptions>>().Value, sp.GetRequiredService<ILogger<SharedStore>>()));
        services.AddSingleton<SharedWriter>();
        services.AddSingleton<SharedTier>();
    }
}
