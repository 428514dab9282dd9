#!/usr/bin/env python3
"""A Python client of TtsGrpc: Synthesize (one request, audio streamed back) and
StreamingSynthesize (the text fed word by word, as an LLM produces it), each written to a WAV file,
and Synthesize as Ogg Opus with word timestamps, written to a playable .opus file.

    python3 tts_client.py --server 127.0.0.1:50051 --out-dir out          # every call
    python3 tts_client.py stream --text "Hello there. How are you?"        # one of them
    python3 tts_client.py opus                                            # speech.opus and its words

Needs grpcio and grpcio-tools (Debian: apt install python3-grpcio python3-grpc-tools). The stubs
are generated from protos/tts/v1/tts.proto into a temporary directory at every start, so the
client always matches the contract in this checkout. Exits non-zero when a call fails or its
audio does not add up to what the server's summary reports.
"""
import argparse
import importlib
import pathlib
import struct
import sys
import tempfile

import grpc
from grpc_tools import protoc

PROTO_DIR = pathlib.Path(__file__).resolve().parents[2] / "protos" / "tts" / "v1"
DEFAULT_TEXT = "Hello from Python. This audio was streamed by TtsGrpc, one sentence at a time."
SAMPLE_RATE_HZ = 16000
TIMEOUT_S = 60


class ClientError(Exception):
    pass


def load_stubs(out_dir):
    """Generates tts_pb2 and tts_pb2_grpc from the proto and imports them."""
    args = ["protoc", f"-I{PROTO_DIR}", f"--python_out={out_dir}", f"--grpc_python_out={out_dir}", "tts.proto"]
    if protoc.main(args) != 0:
        raise ClientError(f"protoc could not compile {PROTO_DIR / 'tts.proto'}")
    sys.path.insert(0, out_dir)
    return importlib.import_module("tts_pb2"), importlib.import_module("tts_pb2_grpc")


def synthesize(pb, stub, text, path):
    request = pb.SynthesizeRequest(
        text=text, voice="en-us", format=pb.AudioFormat(encoding=pb.WAV, sample_rate_hz=SAMPLE_RATE_HZ))
    save(stub.Synthesize(request, timeout=TIMEOUT_S), path)


def opus(pb, stub, text, path):
    """Ogg Opus at 24 kHz: the messages are the file, in order; the last one closes the stream."""
    request = pb.SynthesizeRequest(
        text=text, voice="en-us", enable_word_timestamps=True,
        format=pb.AudioFormat(encoding=pb.OGG_OPUS, sample_rate_hz=24000))
    stream_bytes = bytearray()
    words = []
    summary = None
    for response in stub.Synthesize(request, timeout=TIMEOUT_S):
        stream_bytes += response.audio
        words.extend(response.words)
        if response.HasField("summary"):
            summary = response.summary
    if summary is None:
        raise ClientError("the stream ended without a summary message")
    # Ogg pages start with "OggS"; byte 5 of a page holds its flags, 0x04 marking the stream's last page.
    last_page = stream_bytes.rfind(b"OggS")
    if not stream_bytes.startswith(b"OggS") or last_page < 0 or not stream_bytes[last_page + 5] & 0x04:
        raise ClientError("the stream is not an Ogg stream that ends with an end-of-stream page")
    # Every word is timed; one espeak-ng speaks together with the word before it ("at a") shares its span.
    if not words or text.split()[-1].strip(".,!?") not in words[-1].word:
        raise ClientError(f"the word timestamps do not reach the last word: {[w.word for w in words]}")
    path.write_bytes(stream_bytes)
    for word in words:
        print(f"  {word.start_ms / 1000:7.3f} {word.end_ms / 1000:7.3f}  {word.word}")
    print(f"{path}: {summary.audio_samples / 24000:.2f} s of Ogg Opus, {len(stream_bytes)} bytes")


def stream(pb, stub, text, path):
    # The first message carries the config; every later one a piece of text.
    config = pb.StreamingSynthesizeRequest(config=pb.SynthesizeRequest(
        voice="en-us", format=pb.AudioFormat(encoding=pb.WAV, sample_rate_hz=SAMPLE_RATE_HZ)))

    def requests():
        yield config
        for i, word in enumerate(text.split()):
            yield pb.StreamingSynthesizeRequest(text=word if i == 0 else " " + word)

    save(stub.StreamingSynthesize(requests(), timeout=TIMEOUT_S), path)


def save(responses, path):
    """Writes the streamed WAV to path and checks it against the summary on the last message."""
    audio = bytearray()
    summary = None
    for response in responses:
        if response.segment_text:
            print(f"  segment {response.segment_index}{' (cached)' if response.cached else ''}: {response.segment_text}")
        audio += response.audio
        if response.HasField("summary"):
            summary = response.summary
    if summary is None:
        raise ClientError("the stream ended without a summary message")
    data_start = finish_wav(audio)
    samples = (len(audio) - data_start) // 2
    if samples == 0 or samples != summary.audio_samples:
        raise ClientError(f"received {samples} samples, the summary reports {summary.audio_samples}")
    path.write_bytes(audio)
    print(f"{path}: {samples / SAMPLE_RATE_HZ:.2f} s in {summary.segments_total} segments "
          f"({summary.segments_cached} cached), first audio after {summary.first_audio_ms:.0f} ms")


def finish_wav(wav):
    """A stream cannot know its length, so its header says 0xFFFFFFFF: write the real sizes.
    Returns where the samples start."""
    if wav[:4] != b"RIFF" or wav[8:12] != b"WAVE":
        raise ClientError("the first message does not start with a RIFF/WAVE header")
    offset = 12
    while offset + 8 <= len(wav):
        chunk_id, size = wav[offset:offset + 4], struct.unpack_from("<I", wav, offset + 4)[0]
        if chunk_id == b"data":
            struct.pack_into("<I", wav, 4, len(wav) - 8)
            struct.pack_into("<I", wav, offset + 4, len(wav) - offset - 8)
            return offset + 8
        offset += 8 + size + (size & 1)
    raise ClientError("the WAV header has no data chunk")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("call", nargs="?", choices=["synthesize", "stream", "opus", "both"], default="both")
    parser.add_argument("--server", default="127.0.0.1:50051", help="host:port of the TtsGrpc server")
    parser.add_argument("--out-dir", type=pathlib.Path, default=pathlib.Path("."), help="where the WAV files go")
    parser.add_argument("--text", default=DEFAULT_TEXT)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tts-stubs-") as stubs, grpc.insecure_channel(args.server) as channel:
        try:
            pb, pb_grpc = load_stubs(stubs)
            client = pb_grpc.TextToSpeechStub(channel)
            if args.call in ("synthesize", "both"):
                print(f"Synthesize -> {args.out_dir / 'synthesize.wav'}")
                synthesize(pb, client, args.text, args.out_dir / "synthesize.wav")
            if args.call in ("stream", "both"):
                print(f"StreamingSynthesize, word by word -> {args.out_dir / 'streaming.wav'}")
                stream(pb, client, args.text, args.out_dir / "streaming.wav")
            if args.call in ("opus", "both"):
                print(f"Synthesize as Ogg Opus with word timestamps -> {args.out_dir / 'speech.opus'}")
                opus(pb, client, args.text, args.out_dir / "speech.opus")
        except grpc.RpcError as e:
            print(f"error: {e.code().name}: {e.details()}", file=sys.stderr)
            return 1
        except ClientError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
