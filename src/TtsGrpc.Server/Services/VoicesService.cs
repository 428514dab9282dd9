using TtsGrpc.Protos.V1;

namespace TtsGrpc.Server.Services;

/// <summary>tts.v1.Voices: registered so reflection lists it; its calls answer UNIMPLEMENTED until voice creation lands.</summary>
internal sealed class VoicesService : Voices.VoicesBase;
