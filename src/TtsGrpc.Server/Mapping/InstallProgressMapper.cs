using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.Piper;
using Proto = TtsGrpc.Protos.V1;

namespace TtsGrpc.Server.Mapping;

/// <summary>InstallVoice's progress reports; the last one carries the installed voice.</summary>
internal static class InstallProgressMapper
{
    public static Proto.InstallVoiceProgress ToProto(InstallProgress progress, VoiceCatalog voices)
    {
        var message = new Proto.InstallVoiceProgress
        {
            File = progress.File,
            BytesDone = progress.BytesDone,
            BytesTotal = progress.BytesTotal,
            VoiceBytesDone = progress.VoiceBytesDone,
            VoiceBytesTotal = progress.VoiceBytesTotal,
        };
        if (progress.Voice is { } files && voices.Find("piper:" + files.Stem) is { } voice)
        {
            message.Voice = ProtoMapper.ToProto(voice); // as ListVoices lists it
        }

        return message;
    }
}
