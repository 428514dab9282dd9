using System.Buffers.Binary;
using System.Text;
using TtsGrpc.Core.Audio.Codecs.Internal;

namespace TtsGrpc.Core.Audio.Codecs;

/// <summary>
/// Opus (libopus) in our own Ogg pager, as RFC 7845 lays it out: OpusHead alone on a BOS page, OpusTags on the
/// next, then audio pages flushed at the end of every call. The pre-skip is the encoder's real lookahead, and
/// the EOS page's granule end-trims the padding, so the stream decodes to exactly the samples fed.
/// </summary>
internal sealed unsafe class OggOpusEncoder : IStreamEncoder
{
    // VOIP: the input is always speech, and this mode is tuned for it: the mode decision leans to SILK/hybrid
    // (the speech coder) and a high-pass drops rumble, where AUDIO favours waveform fidelity for music.
    private const int Application = OpusNative.ApplicationVoip;

    // 32 kbit/s (VBR) mono: inside the 28-40 kbit/s Xiph recommends for fullband speech, and a tenth of PCM16 at
    // 24 kHz; narrower input (8-16 kHz) simply leaves bits unused (measured ~25 kbit/s at 8 kHz).
    private const int Bitrate = 32_000;

    // 20 ms: the frame size libopus is tuned for; longer frames save little, shorter ones cost bits.
    private const int FramesPerSecond = 50;

    // Granule positions and pre-skip count 48 kHz samples whatever the input rate (RFC 7845 section 4).
    private const int GranuleRate = 48_000;
    private const int OutputChannels = 1;

    private readonly OpusEncoderHandle _encoder;
    private readonly OggPager _pager;
    private readonly MemoryStream _output = new();
    private readonly byte[] _packet = new byte[OpusNative.MaxPacketBytes];
    private readonly short[] _frame;
    private readonly int _lookahead;
    private readonly int _granulePerSample;
    private int _buffered;
    private long _fed;
    private long _packets;
    private bool _headersWritten;
    private bool _finished;

    public OggOpusEncoder(int sampleRate, uint serial)
    {
        SampleRate = sampleRate;
        _granulePerSample = GranuleRate / sampleRate;
        _frame = new short[sampleRate / FramesPerSecond];
        _pager = new OggPager(serial);
        try
        {
            _encoder = OpusNative.opus_encoder_create(sampleRate, OutputChannels, Application, out var error);
            OpusNative.Check(error, "opus_encoder_create");
        }
        catch (DllNotFoundException e)
        {
            throw CodecLibraries.NotInstalled(OpusNative.LibraryName, OpusNative.Package, e);
        }

        OpusNative.Check(OpusNative.opus_encoder_ctl_set(_encoder, OpusNative.SetBitrateRequest, Bitrate), "OPUS_SET_BITRATE");
        OpusNative.Check(OpusNative.opus_encoder_ctl_get(_encoder, OpusNative.GetLookaheadRequest, out _lookahead), "OPUS_GET_LOOKAHEAD");
    }

    public int SampleRate { get; }

    public string ContentType => "audio/ogg; codecs=opus";

    /// <summary>The OpusHead pre-skip: the encoder's lookahead in 48 kHz samples (312 for libopus at every rate).</summary>
    private int PreSkip => _lookahead * _granulePerSample;

    public byte[] Encode(ReadOnlySpan<short> pcm)
    {
        ObjectDisposedException.ThrowIf(_encoder.IsClosed, this);
        ThrowIfFinished();
        WriteHeadersOnce();
        _fed += pcm.Length;
        while (!pcm.IsEmpty)
        {
            var take = Math.Min(_frame.Length - _buffered, pcm.Length);
            pcm[..take].CopyTo(_frame.AsSpan(_buffered));
            _buffered += take;
            pcm = pcm[take..];
            if (_buffered == _frame.Length)
            {
                EncodeFrame(finalGranule: null);
            }
        }

        _pager.Flush(_output);
        return TakeOutput();
    }

    public byte[] Finish()
    {
        ObjectDisposedException.ThrowIf(_encoder.IsClosed, this);
        ThrowIfFinished();
        _finished = true;
        WriteHeadersOnce();

        // The decoder drops the lookahead from the front, so zeros must push every real sample through it;
        // the last frame always holds some of them (frames encoded so far cover at most what was fed).
        var framesNeeded = (_fed + _lookahead + _frame.Length - 1) / _frame.Length;
        var finalGranule = PreSkip + (_fed * _granulePerSample);
        while (_packets < framesNeeded)
        {
            _frame.AsSpan(_buffered).Clear();
            _buffered = _frame.Length;
            EncodeFrame(_packets + 1 == framesNeeded ? finalGranule : null);
        }

        _pager.Flush(_output, endOfStream: true);
        return TakeOutput();
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _output.Dispose();
    }

    private void EncodeFrame(long? finalGranule)
    {
        int length;
        fixed (short* pcm = _frame)
        fixed (byte* packet = _packet)
        {
            length = OpusNative.Check(OpusNative.opus_encode(_encoder, pcm, _frame.Length, packet, _packet.Length), "opus_encode");
        }

        _buffered = 0;
        _packets++;
        _pager.Add(_packet.AsSpan(0, length), finalGranule ?? (_packets * _frame.Length * _granulePerSample), _output);
    }

    private void WriteHeadersOnce()
    {
        if (_headersWritten)
        {
            return;
        }

        _headersWritten = true;
        _pager.Add(OpusHead(), granule: 0, _output);
        _pager.Flush(_output);
        _pager.Add(OpusTags(), granule: 0, _output);
        _pager.Flush(_output);
    }

    // RFC 7845 section 5.1, 19 bytes; output gain (bytes 16-17) and mapping family (byte 18) stay 0.
    private byte[] OpusHead()
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1; // version
        head[9] = OutputChannels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), checked((ushort)PreSkip));
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), (uint)SampleRate); // the input rate, informational
        return head;
    }

    // RFC 7845 section 5.2: magic (8 bytes), vendor length (u32) and string, comment count (u32) 0.
    private static byte[] OpusTags()
    {
        var vendor = Encoding.UTF8.GetBytes(OpusNative.Version);
        var tags = new byte[8 + 4 + vendor.Length + 4];
        "OpusTags"u8.CopyTo(tags);
        BinaryPrimitives.WriteUInt32LittleEndian(tags.AsSpan(8), (uint)vendor.Length);
        vendor.CopyTo(tags.AsSpan(12));
        return tags;
    }

    private byte[] TakeOutput()
    {
        var bytes = _output.ToArray();
        _output.SetLength(0);
        return bytes;
    }

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException("The stream is finished; start a new encoder for a new stream.");
        }
    }
}
