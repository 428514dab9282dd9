namespace TtsGrpc.Core.Engines.Piper;

/// <summary>
/// How far a voice install is: bytes of the file being downloaded and of all the voice's files. The last report
/// carries the installed <see cref="Voice"/>, as the voices directory now holds it.
/// </summary>
public sealed record InstallProgress(string File, long BytesDone, long BytesTotal, long VoiceBytesDone, long VoiceBytesTotal)
{
    /// <summary>Set on the last report only.</summary>
    public PiperVoiceFiles? Voice { get; init; }
}
