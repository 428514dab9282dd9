using TtsGrpc.Core.Audio.Codecs.Internal;

namespace TtsGrpc.Core.Audio.Codecs;

/// <summary>
/// MP3 through LAME: mono CBR, a plain frame stream with no Xing/Info frame (it would need a seek back to
/// fill in) and no ID3 tag. LAME holds a few frames back, so a call may return nothing; Finish flushes them,
/// less any whole frame of padding past the audio: a decoder then gives the samples fed, 1105 samples late
/// (LAME's and the decoder's delay), and less than one frame of zeros after them.
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

    // The audio starts this many samples into what a decoder gives back: LAME's 576 plus the decoder's 529.
    private const int Delay = 1105;

    // Layer III frame headers: kbit/s by bitrate index, and Hz by version bits (2.5, reserved, 2, 1) and rate index.
    private static readonly int[] Mpeg1Bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] Mpeg2Bitrates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    private static readonly int[][] Rates = [[11025, 12000, 8000], [], [22050, 24000, 16000], [44100, 48000, 32000]];

    private readonly LameHandle _lame;
    private byte[] _scratch = new byte[LameNative.BufferSlack];
    private bool _finished;
    private long _fed;

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

        _fed += pcm.Length;
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

        // The flush pads to LAME's own frame count, which can be a frame more than the audio needs: drop the
        // surplus from the end (frames are found back from the end, where the last one ends; LAME's output need
        // not start on a frame). A frame only ever borrows from earlier ones, so dropping the last is safe.
        var needed = (_fed + Delay + SamplesPerFrame - 1) / SamplesPerFrame;
        var end = length;
        for (var surplus = LameNative.lame_get_frameNum(_lame) - needed; surplus > 0 && FrameStartBefore(_scratch.AsSpan(0, end)) is >= 0 and var start; surplus--)
        {
            end = start;
        }

        return _scratch[..end];
    }

    /// <summary>Samples one frame holds: 1152 for MPEG-1 (32-48 kHz), 576 for MPEG-2 and 2.5.</summary>
    private int SamplesPerFrame => SampleRate >= 32000 ? 1152 : 576;

    /// <summary>Where the frame that ends at the end of <paramref name="bytes"/> starts; -1 when no frame header is there.</summary>
    private int FrameStartBefore(ReadOnlySpan<byte> bytes)
    {
        var unpadded = SampleRate >= 32000 ? 144 * BitrateKbps * 1000 / SampleRate : 72 * BitrateKbps * 1000 / SampleRate;
        for (var padding = 0; padding <= 1; padding++)
        {
            var start = bytes.Length - unpadded - padding;
            if (start >= 0 && FrameLength(bytes[start..]) == unpadded + padding)
            {
                return start;
            }
        }

        return -1;
    }

    /// <summary>The length of the Layer III frame <paramref name="bytes"/> starts with, from its header; -1 when they do not start with one.</summary>
    private static int FrameLength(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0xFF || (bytes[1] & 0xE0) != 0xE0)
        {
            return -1;
        }

        var version = (bytes[1] >> 3) & 0x3;
        var bitrateIndex = bytes[2] >> 4;
        var rateIndex = (bytes[2] >> 2) & 0x3;
        if (version == 1 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            return -1;
        }

        var padding = (bytes[2] >> 1) & 0x1;
        var rate = Rates[version][rateIndex];
        return version == 3
            ? (144 * Mpeg1Bitrates[bitrateIndex] * 1000 / rate) + padding
            : (72 * Mpeg2Bitrates[bitrateIndex] * 1000 / rate) + padding;
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
