using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TtsGrpc.Core.Audio.Codecs.Internal;

namespace TtsGrpc.Core.Audio.Codecs;

/// <summary>
/// FLAC through libFLAC's stream encoder with a write callback and no seek callback: STREAMINFO keeps total
/// samples 0 (unknown) and a zero MD5, which the format allows for streams. libFLAC writes fLaC and the
/// metadata during init, so the first call returns them; a frame comes out each time a block fills.
/// </summary>
internal sealed unsafe class FlacEncoder : IStreamEncoder
{
    // Level 5 is libFLAC's and flac's default: within a percent or two of level 8 on speech at a fraction of
    // the time. Its 4096-sample blocks hold audio back up to 4096 samples (85 ms at 48 kHz, 512 ms at 8 kHz).
    private const uint CompressionLevel = 5;
    private const uint BitsPerSample = 16;
    private const uint Channels = 1;

    private readonly FlacEncoderHandle _encoder;
    private readonly FlacSink _sink = new();
    private int[] _samples = [];
    private bool _finished;

    public FlacEncoder(int sampleRate)
    {
        SampleRate = sampleRate;
        try
        {
            _encoder = FlacNative.FLAC__stream_encoder_new();
        }
        catch (DllNotFoundException e)
        {
            throw CodecLibraries.NotInstalled(FlacNative.LibraryName, FlacNative.Package, e);
        }

        if (_encoder.IsInvalid)
        {
            throw new StreamEncoderException("libFLAC FLAC__stream_encoder_new failed (out of memory).");
        }

        var client = _encoder.AttachSink(_sink);
        var configured = FlacNative.FLAC__stream_encoder_set_channels(_encoder, Channels) != 0
            && FlacNative.FLAC__stream_encoder_set_bits_per_sample(_encoder, BitsPerSample) != 0
            && FlacNative.FLAC__stream_encoder_set_sample_rate(_encoder, (uint)sampleRate) != 0
            && FlacNative.FLAC__stream_encoder_set_compression_level(_encoder, CompressionLevel) != 0
            && FlacNative.FLAC__stream_encoder_set_streamable_subset(_encoder, 1) != 0;
        if (!configured)
        {
            throw Failure("configuring the encoder");
        }

        var status = FlacNative.FLAC__stream_encoder_init_stream(_encoder, &OnWrite, 0, 0, 0, client);
        ThrowIfCallbackFailed();
        if (status != FlacNative.InitStatusOk)
        {
            throw new StreamEncoderException(
                $"libFLAC FLAC__stream_encoder_init_stream failed: {FlacNative.InitStatus(status)} ({FlacNative.State(_encoder)}).");
        }
    }

    public int SampleRate { get; }

    public string ContentType => "audio/flac";

    public byte[] Encode(ReadOnlySpan<short> pcm)
    {
        ObjectDisposedException.ThrowIf(_encoder.IsClosed, this);
        ThrowIfFinished();
        if (_samples.Length < pcm.Length)
        {
            _samples = new int[pcm.Length];
        }

        for (var i = 0; i < pcm.Length; i++)
        {
            _samples[i] = pcm[i];
        }

        int ok;
        fixed (int* samples = _samples)
        {
            ok = FlacNative.FLAC__stream_encoder_process_interleaved(_encoder, samples, (uint)pcm.Length);
        }

        ThrowIfCallbackFailed();
        return ok != 0 ? TakeOutput() : throw Failure("FLAC__stream_encoder_process_interleaved");
    }

    public byte[] Finish()
    {
        ObjectDisposedException.ThrowIf(_encoder.IsClosed, this);
        ThrowIfFinished();
        _finished = true;
        var ok = FlacNative.FLAC__stream_encoder_finish(_encoder);
        ThrowIfCallbackFailed();
        return ok != 0 ? TakeOutput() : throw Failure("FLAC__stream_encoder_finish");
    }

    public void Dispose() => _encoder.Dispose();

    // libFLAC calls this on the caller's thread, inside init, process and finish. No exception may unwind
    // into native code: it is kept for the caller, and the fatal status makes libFLAC stop.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnWrite(nint encoder, byte* buffer, nuint bytes, uint samples, uint currentFrame, nint clientData)
    {
        FlacSink? sink = null;
        try
        {
            sink = (FlacSink)GCHandle.FromIntPtr(clientData).Target!;
            sink.Output.Write(new ReadOnlySpan<byte>(buffer, checked((int)bytes)));
            return FlacNative.WriteStatusOk;
        }
        catch (Exception e)
        {
            sink?.Error ??= e;
            return FlacNative.WriteStatusFatalError;
        }
    }

    private byte[] TakeOutput()
    {
        var bytes = _sink.Output.ToArray();
        _sink.Output.SetLength(0);
        return bytes;
    }

    private void ThrowIfCallbackFailed()
    {
        if (_sink.Error is { } error)
        {
            throw new StreamEncoderException("Writing libFLAC's output failed.", error);
        }
    }

    private StreamEncoderException Failure(string call) => new($"libFLAC {call} failed: {FlacNative.State(_encoder)}.");

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException("The stream is finished; start a new encoder for a new stream.");
        }
    }
}
