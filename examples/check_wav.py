#!/usr/bin/env python3
"""Checks that WAV files written by the example clients hold real audio: a consistent RIFF/WAVE
file, 16-bit mono PCM at the expected rate, long enough, and not silence.

    python3 check_wav.py --rate 16000 --min-seconds 1 out/synthesize.wav out/streaming.wav

Prints one line per file and exits non-zero when any file fails.
"""
import argparse
import array
import math
import pathlib
import struct
import sys


def check(path, rate, min_seconds):
    """Returns a one-line description of the audio; raises ValueError naming what is wrong."""
    wav = path.read_bytes()
    if len(wav) < 12 or wav[:4] != b"RIFF" or wav[8:12] != b"WAVE":
        raise ValueError("not a RIFF/WAVE file")
    if struct.unpack_from("<I", wav, 4)[0] != len(wav) - 8:
        raise ValueError(f"RIFF size {struct.unpack_from('<I', wav, 4)[0]} does not match the file ({len(wav) - 8})")
    fmt = data = None
    offset = 12
    while offset + 8 <= len(wav):
        chunk_id, size = wav[offset:offset + 4], struct.unpack_from("<I", wav, offset + 4)[0]
        body = wav[offset + 8:offset + 8 + size]
        if len(body) != size:
            raise ValueError(f"chunk {chunk_id!r} says {size} bytes, the file holds {len(body)}")
        if chunk_id == b"fmt ":
            fmt = struct.unpack_from("<HHIIHH", body)
        elif chunk_id == b"data":
            data = body
        offset += 8 + size + (size & 1)
    if fmt is None or data is None:
        raise ValueError("no fmt or data chunk")
    encoding, channels, sample_rate, _, _, bits = fmt
    if (encoding, channels, bits) != (1, 1, 16):
        raise ValueError(f"expected 16-bit mono PCM, found format {encoding}, {channels} channels, {bits} bits")
    if rate and sample_rate != rate:
        raise ValueError(f"sample rate {sample_rate} Hz, expected {rate} Hz")
    samples = array.array("h", data[:len(data) - len(data) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    seconds = len(samples) / sample_rate
    if seconds < min_seconds:
        raise ValueError(f"{seconds:.2f} s of audio, expected at least {min_seconds} s")
    peak = max(abs(s) for s in samples)
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    if peak < 1000:
        raise ValueError(f"silence (peak {peak} of 32767)")
    return f"{seconds:.2f} s at {sample_rate} Hz, peak {20 * math.log10(peak / 32767):.1f} dBFS, rms {20 * math.log10(rms / 32767):.1f} dBFS"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=pathlib.Path)
    parser.add_argument("--rate", type=int, default=0, help="expected sample rate (0: any)")
    parser.add_argument("--min-seconds", type=float, default=0.5)
    args = parser.parse_args()
    failed = 0
    for path in args.files:
        try:
            print(f"{path}: ok, {check(path, args.rate, args.min_seconds)}")
        except (OSError, ValueError, struct.error) as e:
            print(f"{path}: FAILED, {e}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
