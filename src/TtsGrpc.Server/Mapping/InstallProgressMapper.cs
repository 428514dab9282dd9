using TtsGrpc.Core.Engines.Piper;
using Proto = TtsGrpc.Protos.V1;

namespace TtsGrpc.Server.Mapping;

/// <summary>InstallVoice's progress reports, and the installed voice the last one carries.</summary>
internal static class InstallProgressMapper
{
    public static Proto.InstallVoiceProgress ToProto(InstallProgress progress)
    {
        var message = new Proto.InstallVoiceProgress
        {
            File = progress.File,
            BytesDone = progress.BytesDone,
            BytesTotal = progress.BytesTotal,
            VoiceBytesDone = progress.VoiceBytesDone,
            VoiceBytesTotal = progress.VoiceBytesTotal,
        };
        if (progress.Voice is { } voice)
        {
            message.Voice = ToProto(voice);
        }

        return message;
    }

    /// <summary>An installed Piper voice as ListVoices lists it; what its config does not say is left empty.</summary>
    public static Proto.Voice ToProto(PiperVoiceFiles voice)
    {
        var config = voice.Config;
        var message = new Proto.Voice
        {
            Id = "piper:" + voice.Stem,
            Name = voice.Stem,
            Language = config?.Language ?? "",
            Builtin = true,
            Engine = "piper",
            Quality = config?.Quality ?? "",
            SampleRateHz = config?.SampleRate ?? 0,
            UnavailableReason = voice.Problem ?? "",
        };
        if (config is not null)
        {
            if (config.Language.Length > 0)
            {
                message.Languages.Add(config.Language);
            }

            message.Speakers.Add(config.Speakers);
        }

        return message;
    }
}
