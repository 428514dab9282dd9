using System.Collections.Frozen;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Server.Security;

/// <summary>
/// Which kind of key each call needs. Calls that change the cache, the voice store or the installed voices are admin calls; every
/// other tts.v1 call (synthesis and the reads ListVoices, GetVoice, GetCacheStats, GetCacheStatus) is a client
/// call, because the reads reveal what others synthesized and GetCacheStatus costs segmentation work.
/// Health and reflection stay open so load balancers and grpcurl work without a key.
/// </summary>
internal static class AccessPolicy
{
    private static readonly string ApiPrefix = "/" + TextToSpeech.Descriptor.File.Package + ".";

    private static readonly FrozenSet<string> AdminMethods = new[]
    {
        MethodName(CacheAdmin.Descriptor.FullName, nameof(CacheAdmin.CacheAdminBase.ClearCache)),
        MethodName(CacheAdmin.Descriptor.FullName, nameof(CacheAdmin.CacheAdminBase.ValidateCache)),
        MethodName(Voices.Descriptor.FullName, nameof(Voices.VoicesBase.CreateVoice)),
        MethodName(Voices.Descriptor.FullName, nameof(Voices.VoicesBase.DeleteVoice)),
        MethodName(Voices.Descriptor.FullName, nameof(Voices.VoicesBase.PreloadVoices)),
        MethodName(Voices.Descriptor.FullName, nameof(Voices.VoicesBase.InstallVoice)),
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The kind of <paramref name="method"/> ("/package.Service/Method"); a new tts.v1 call is a client call until listed here.</summary>
    public static AccessLevel KindOf(string method) =>
        AdminMethods.Contains(method) ? AccessLevel.Admin
        : method.StartsWith(ApiPrefix, StringComparison.Ordinal) ? AccessLevel.Client
        : AccessLevel.Open;

    private static string MethodName(string service, string method) => $"/{service}/{method}";
}
