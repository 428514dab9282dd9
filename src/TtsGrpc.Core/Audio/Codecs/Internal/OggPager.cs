using System.Buffers.Binary;

namespace TtsGrpc.Core.Audio.Codecs.Internal;

/// <summary>
/// Packs whole packets into Ogg pages (RFC 3533) for one logical stream. A packet never spans pages, so every
/// page ends a packet and carries a real granule position. The first page written gets BOS.
/// </summary>
internal sealed class OggPager(uint serial)
{
    private const int MaxSegments = 255;
    private const int LacingUnit = 255;
    private const int HeaderBytes = 27;
    private const int CrcOffset = 22;
    private const byte FlagBeginOfStream = 0x02;
    private const byte FlagEndOfStream = 0x04;
    private static ReadOnlySpan<byte> CapturePattern => "OggS"u8;

    private readonly byte[] _lacing = new byte[MaxSegments];
    private readonly MemoryStream _body = new();
    private int _segments;
    private long _granule;
    private uint _sequence;

    /// <summary>Queues a packet; <paramref name="granule"/> is the stream's granule position at its end.</summary>
    public void Add(ReadOnlySpan<byte> packet, long granule, Stream output)
    {
        var needed = (packet.Length / LacingUnit) + 1; // a final value below 255 ends the packet, 0 if need be
        if (needed > MaxSegments)
        {
            throw new ArgumentException($"A {packet.Length}-byte packet does not fit one Ogg page.", nameof(packet));
        }

        if (_segments + needed > MaxSegments)
        {
            Flush(output);
        }

        for (var i = 0; i < needed - 1; i++)
        {
            _lacing[_segments++] = LacingUnit;
        }

        _lacing[_segments++] = (byte)(packet.Length % LacingUnit);
        _body.Write(packet);
        _granule = granule;
    }

    /// <summary>Writes the queued packets as one page, if any; <paramref name="endOfStream"/> marks it the last.</summary>
    public void Flush(Stream output, bool endOfStream = false)
    {
        if (_segments == 0)
        {
            return;
        }

        // Header: "OggS", version, flags, granule (i64), serial, sequence, CRC (u32 each, little-endian), segment count.
        var page = new byte[HeaderBytes + _segments + _body.Length];
        var span = page.AsSpan();
        CapturePattern.CopyTo(span);
        span[4] = 0; // stream structure version
        span[5] = (byte)((_sequence == 0 ? FlagBeginOfStream : 0) | (endOfStream ? FlagEndOfStream : 0));
        BinaryPrimitives.WriteInt64LittleEndian(span[6..], _granule);
        BinaryPrimitives.WriteUInt32LittleEndian(span[14..], serial);
        BinaryPrimitives.WriteUInt32LittleEndian(span[18..], _sequence++);
        span[26] = (byte)_segments;
        _lacing.AsSpan(0, _segments).CopyTo(span[HeaderBytes..]);
        _body.GetBuffer().AsSpan(0, (int)_body.Length).CopyTo(span[(HeaderBytes + _segments)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[CrcOffset..], OggCrc.Compute(span)); // computed with the field still 0
        output.Write(page);
        _segments = 0;
        _body.SetLength(0);
    }
}
