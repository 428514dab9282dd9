using TtsGrpc.Core.Audio.Codecs.Internal;

namespace TtsGrpc.Core.Audio.Codecs;

/// <summary>
/// MP3 through LAME: mono CBR, a plain frame stream with no Xing/Info frame (it would need a seek back to
/// fill in) and no ID3 tag. LAME holds a few frames back, so a call may return nothing; Finish flushes them.
/// </summary>
internal sealed unsafe class Mp3Encoder : IStreamEncoder
{
    // 64 kbit/s CBR: clean for mono speech at the MPEG-1 rates (about what 128 kbit/s stereo gives each channel),
    // valid at every MPEG-2/2.5 rate too (their table stops at 160), and CBR frames let players compute the
    // duration and seek without a header we cannot write into a stream.
    private const int BitrateKbps = 64;

    // lame.h: "5 good quality, fast" (2 is near-best but about twice as slow).
    private const int Quality = 5;
    private const int Channels = 1;

    private readonly LameHandle _lame;
    private byte[] _scratch = new byte[LameNative.BufferSlack];
    private bool _finished;

    public Mp3Encoder(int sampleRate)
    {
        SampleRate = sampleRate;
        try
        {
            _lame = LameNative.lame_init();
        }
        catch (DllNotFoundException e)
        {
            throw CodecLibraries.NotInstalled(LameNative.LibraryName, LameNative.Package, e);
        }

        if (_lame.IsInvalid)
        {
            throw new StreamEncoderException("LAME lame_init failed (out of memory).");
        }

        LameNative.Check(LameNative.lame_set_num_channels(_lame, Channels), "lame_set_num_channels");
        LameNative.Check(LameNative.lame_set_in_samplerate(_lame, sampleRate), "lame_set_in_samplerate");
        LameNative.Check(LameNative.lame_set_out_samplerate(_lame, sampleRate), "lame_set_out_samplerate"); // else LAME may resample
        LameNative.Check(LameNative.lame_set_mode(_lame, LameNative.ModeMono), "lame_set_mode");
        LameNative.Check(LameNative.lame_set_VBR(_lame, LameNative.VbrOff), "lame_set_VBR");
        LameNative.Check(LameNative.lame_set_brate(_lame, BitrateKbps), "lame_set_brate");
        LameNative.Check(LameNative.lame_set_quality(_lame, Quality), "lame_set_quality");
        LameNative.Check(LameNative.lame_set_bWriteVbrTag(_lame, 0), "lame_set_bWriteVbrTag");
        LameNative.Check(LameNative.lame_set_write_id3tag_automatic(_lame, 0), "lame_set_write_id3tag_automatic");
        LameNative.Check(LameNative.lame_init_params(_lame), "lame_init_params");
    }

    public int SampleRate { get; }

    public string ContentType => "audio/mpeg";

    public byte[] Encode(ReadOnlySpan<short> pcm)
    {
        ObjectDisposedException.ThrowIf(_lame.IsClosed, this);
        ThrowIfFinished();
        if (pcm.IsEmpty)
        {
            return [];
        }

        var needed = (pcm.Length * 5 / 4) + LameNative.BufferSlack; // lame.h's worst case
        if (_scratch.Length < needed)
        {
            _scratch = new byte[needed];
        }

        int length;
        fixed (short* samples = pcm)
        fixed (byte* mp3 = _scratch)
        {
            // Mono: LAME reads only the left channel.
            length = LameNative.Check(
                LameNative.lame_encode_buffer(_lame, samples, samples, pcm.Length, mp3, _scratch.Length), "lame_encode_buffer");
        }

        return _scratch[..length];
    }

    public byte[] Finish()
    {
        ObjectDisposedException.ThrowIf(_lame.IsClosed, this);
        ThrowIfFinished();
        _finished = true;
        int length;
        fixed (byte* mp3 = _scratch)
        {
            length = LameNative.Check(LameNative.lame_encode_flush(_lame, mp3, _scratch.Length), "lame_encode_flush");
        }

        return _scratch[..length];
    }

    public void Dispose() => _lame.Dispose();

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException("The stream is finished; start a new encoder for a new stream.");
        }
    }
}
