using TtsGrpc.Protos.V1;

namespace TtsGrpc.Server.Services;

/// <summary>tts.v1.CacheAdmin: registered so reflection lists it; its calls answer UNIMPLEMENTED until the store lands.</summary>
internal sealed class CacheAdminService : CacheAdmin.CacheAdminBase;
