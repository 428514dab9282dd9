#!/usr/bin/env python3
"""ONNX models with the interface of Kokoro-82M, its config.json, and voice packs.

No trained Kokoro model ships with TtsGrpc, so its tests use models with Kokoro's exact interfaces
that reveal in their output what the engine sent them (`standin`), voice packs whose every row says
which voice and row it is (`voices`), and a model with random weights and the cost structure of
Kokoro's decoder (`random`). Needs only onnx and numpy (Debian: python3-onnx python3-numpy).

  kokoro_model.py standin --out DIR --name NAME --signature v1|hf [--speed-type float|int32]
      [--embed-config]
  kokoro_model.py voices --out DIR [--names af_bella,af_sky,bf_emma,jf_alpha] [--npz voices-v1.0.bin]
      [--raw]
  kokoro_model.py random --out DIR --name NAME [--seed 1]

`standin` and `random` write DIR/NAME.onnx and DIR/config.json (Kokoro-82M's, with its vocab).

Interfaces (opset 17, as every Kokoro export uses):
  --signature v1 (kokoro-onnx kokoro-v1.0.onnx):
    tokens    int64   [1, N]    ids, with the pad 0 at both ends as the runtimes send them
    style     float32 [1, 256]  one row of a voice pack
    speed     float32 [1]
    audio     float32 [samples]
  --signature hf (onnx-community, kokoro-js; with --speed-type int32, hexgrad's export.py):
    input_ids int64   [1, N]
    style     float32 [1, 256]
    speed     float32 [1], or int32 [1] with --speed-type int32 (as hexgrad's export.py writes it)
    waveform  float32 [samples]
    duration  int64   [N]       frames per id (the first pad's include the header's)
  --embed-config adds the model metadata key `kokoro_config` holding config.json as a JSON string,
  as the 2026 kokoro-onnx re-export does.

Output contract of `standin`. Kokoro's runtimes do not peak-normalise: the samples are taken as
they come, in [-1, 1]. With N the number of columns of the ids, speed as float32 (an int32 speed is
just converted: 0.9 sent to an int32 export arrives as 0), F = 2 frames per id at speed 1 and a frame
of 600 samples (Kokoro's: 24 kHz, 40 frames a second):
  D = max(1, round(F / speed)) frames per id, in float32, round half to even as torch.round;
      speed <= 0 makes the run fail (as a real model's does: its durations overflow).
  samples [0, 600) are a header:
    s[0] = N / 1024
    s[1] = speed / 16
    s[2 + k] = style[0, k] for k in 0..255 (unchanged: the identity map, so style values outside
               [-1, 1] clip when the engine converts to PCM16)
    s[258..599] = 0
  then, for each column i in 0..N-1, D*600 samples equal to ids[i] / 1024.
  So samples = 600 + N*D*600, and speed 0.5 doubles the id part exactly.
  duration (hf) = D for every column but the first (the pad), which also has the header's frame: 1 + D.
  So sum(duration) * 600 = samples, as in a real export, and column i > 0 starts at sample
  600 * sum(duration[:i]) = 600 * (1 + D*i) (column 0's frames are the header and its own).

Voice packs (`voices`). A pack is float32 [510, 1, 256]; row r is the style input for r ids.
For the voice at index v of --names (0-based, at most 64 voices), row r and value k:
  pack[r, 0, k] = r/1024 - 0.5 + (v + 1) * k / 16384
Every value is a multiple of 1/16384 within [-0.5, 0.995], so exact in float32. From a style row s:
  row = (s[0] + 0.5) * 1024   and   voice code = (s[255] - s[0]) * 16384 / 255 = v + 1,
so a blend sum(w_i * pack_i) with sum(w_i) = 1 of one row reads that row and code sum(w_i*(v_i+1)).
  --raw writes DIR/<name>.bin: 510*256 little-endian float32, 522,240 bytes, as kokoro-js ships them.
  --npz FILE writes DIR/FILE: np.savez of <name>.npy arrays, as kokoro-onnx's voices-v1.0.bin.
  With neither, both are written (the bundle as voices-v1.0.bin).

`random` has numpy-seeded random weights and the cost structure of Kokoro-82M's decoder
(config istftnet): an embedding and a Conv1d in place of the text encoder and predictor, D = F frames
per id as in `standin`, the decoder's doubling of the frame rate, conv_pre to 512 channels, two
upsampling stages (rates 10, 6; kernels 20, 12; 512 -> 256 -> 128 channels) each followed by the
mean of three ResBlock1 (kernels 3, 7, 11; dilations 1, 3, 5), conv_post to n_fft + 2 = 22
channels, and a ConvTranspose of stride 5 (the iSTFT hop) to one channel, tanh. It takes the v1
signature; samples = N*D*600, in [-1, 1].
"""

import argparse
import json
import math
import os
import sys
import zipfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from onnx_graph import Graph

OPSET = 17
FRAME = 600
FRAMES_PER_ID = 2
STYLE = 256
PACK_ROWS = 510
MAX_VOICES = 64

# The vocab of hexgrad/Kokoro-82M config.json (as copied into kokoro-onnx src/kokoro_onnx/config.json):
# 114 single characters, ids 1..177.
VOCAB = {
    ";": 1, ":": 2, ",": 3, ".": 4, "!": 5, "?": 6, "—": 9, "…": 10, "\"": 11, "(": 12,
    ")": 13, "“": 14, "”": 15, " ": 16, "\u0303": 17, "ʣ": 18, "ʥ": 19, "ʦ": 20, "ʨ": 21, "ᵝ": 22,
    "ꭧ": 23, "A": 24, "I": 25, "O": 31, "Q": 33, "S": 35, "T": 36, "W": 39, "Y": 41, "ᵊ": 42,
    "a": 43, "b": 44, "c": 45, "d": 46, "e": 47, "f": 48, "h": 50, "i": 51, "j": 52, "k": 53,
    "l": 54, "m": 55, "n": 56, "o": 57, "p": 58, "q": 59, "r": 60, "s": 61, "t": 62, "u": 63,
    "v": 64, "w": 65, "x": 66, "y": 67, "z": 68, "ɑ": 69, "ɐ": 70, "ɒ": 71, "æ": 72, "β": 75,
    "ɔ": 76, "ɕ": 77, "ç": 78, "ɖ": 80, "ð": 81, "ʤ": 82, "ə": 83, "ɚ": 85, "ɛ": 86, "ɜ": 87,
    "ɟ": 90, "ɡ": 92, "ɥ": 99, "ɨ": 101, "ɪ": 102, "ʝ": 103, "ɯ": 110, "ɰ": 111, "ŋ": 112, "ɳ": 113,
    "ɲ": 114, "ɴ": 115, "ø": 116, "ɸ": 118, "θ": 119, "œ": 120, "ɹ": 123, "ɾ": 125, "ɻ": 126, "ʁ": 128,
    "ɽ": 129, "ʂ": 130, "ʃ": 131, "ʈ": 132, "ʧ": 133, "ʊ": 135, "ʋ": 136, "ʌ": 138, "ɣ": 139, "ɤ": 140,
    "χ": 142, "ʎ": 143, "ʒ": 147, "ʔ": 148, "ˈ": 156, "ˌ": 157, "ː": 158, "ʰ": 162, "ʲ": 164, "↓": 169,
    "→": 171, "↗": 172, "↘": 173, "ᵻ": 177,
}
assert len(VOCAB) == 114 and min(VOCAB.values()) == 1 and max(VOCAB.values()) == 177
assert VOCAB[","] == 3 and VOCAB["."] == 4 and VOCAB[" "] == 16 and VOCAB["ˈ"] == 156

# Kokoro-82M config.json, but for the vocab above.
CONFIG = {
    "istftnet": {
        "upsample_kernel_sizes": [20, 12],
        "upsample_rates": [10, 6],
        "gen_istft_hop_size": 5,
        "gen_istft_n_fft": 20,
        "resblock_dilation_sizes": [[1, 3, 5], [1, 3, 5], [1, 3, 5]],
        "resblock_kernel_sizes": [3, 7, 11],
        "upsample_initial_channel": 512,
    },
    "dim_in": 64,
    "dropout": 0.2,
    "hidden_dim": 512,
    "max_conv_dim": 512,
    "max_dur": 50,
    "multispeaker": True,
    "n_layer": 3,
    "n_mels": 80,
    "n_token": 178,
    "style_dim": 128,
    "text_encoder_kernel_size": 5,
    "plbert": {
        "hidden_size": 768,
        "num_attention_heads": 12,
        "intermediate_size": 2048,
        "max_position_embeddings": 512,
        "num_hidden_layers": 12,
        "dropout": 0.1,
    },
    "vocab": VOCAB,
}

DEFAULT_VOICES = "af_bella,af_sky,bf_emma,jf_alpha"


def signature(kind, speed_type):
    """(ids input name, inputs, audio output name) of an export."""
    ids = "tokens" if kind == "v1" else "input_ids"
    speed = TensorProto.INT32 if speed_type == "int32" else TensorProto.FLOAT
    inputs = [
        helper.make_tensor_value_info(ids, TensorProto.INT64, [1, "sequence_length"]),
        helper.make_tensor_value_info("style", TensorProto.FLOAT, [1, STYLE]),
        helper.make_tensor_value_info("speed", speed, [1]),
    ]
    return ids, inputs, "audio" if kind == "v1" else "waveform"


def frames_per_id(g):
    """D = max(1, round(F / speed)) as an int64 scalar; -1 when speed <= 0, which no Expand accepts."""
    speed = g.op("Cast", [g.op("Reshape", ["speed", g.i64([])])], to=TensorProto.FLOAT)
    positive = g.op("Greater", [speed, g.f32(0.0)])
    # Divide by 1 where speed <= 0, so nothing in the graph is infinite.
    divisor = g.op("Where", [positive, speed, g.f32(1.0)])
    frames = g.op("Max", [g.op("Round", [g.op("Div", [g.f32(float(FRAMES_PER_ID)), divisor])]), g.f32(1.0)])
    frames = g.op("Where", [positive, frames, g.f32(-1.0)])
    return speed, g.op("Cast", [frames], to=TensorProto.INT64)


def build_standin(kind, speed_type):
    g = Graph()
    ids_name, inputs, audio = signature(kind, speed_type)
    ids = g.op("Reshape", [ids_name, g.i64([-1])])
    n = g.op("Shape", [ids])
    speed, frames = frames_per_id(g)

    header = g.op(
        "Concat",
        [
            g.op("Div", [g.op("Cast", [n], to=TensorProto.FLOAT), g.f32([1024.0])]),
            g.op("Unsqueeze", [g.op("Div", [speed, g.f32(16.0)]), g.i64([0])]),
            g.op("Reshape", ["style", g.i64([STYLE])]),
            g.f32(np.zeros(FRAME - 2 - STYLE)),
        ],
        axis=0,
    )

    # Each id repeated D*600 times in place: [N] -> [N, 1] -> [N, D*600] -> [N*D*600].
    run = g.op("Unsqueeze", [g.op("Mul", [frames, g.i64(FRAME)]), g.i64([0])])
    values = g.op("Unsqueeze", [g.op("Div", [g.op("Cast", [ids], to=TensorProto.FLOAT), g.f32(1024.0)]), g.i64([1])])
    body = g.op("Reshape", [g.op("Expand", [values, g.op("Concat", [n, run], axis=0)]), g.i64([-1])])
    g.op("Concat", [header, body], output=audio, axis=0)

    outputs = [helper.make_tensor_value_info(audio, TensorProto.FLOAT, ["num_samples"])]
    if kind == "hf":
        # D per id, and the header's frame as the first pad's: sum(duration) * 600 = samples, as in a real export.
        first = g.op("Cast", [g.op("Equal", [g.op("Range", [g.i64(0), g.op("Reshape", [n, g.i64([])]), g.i64(1)]), g.i64(0)])],
                     to=TensorProto.INT64)
        g.op("Add", [g.op("Expand", [frames, n]), first], output="duration")
        outputs.append(helper.make_tensor_value_info("duration", TensorProto.INT64, ["sequence_length"]))
    return g, inputs, outputs


def build_random(seed):
    rng = np.random.default_rng(seed)
    g = Graph()
    istft = CONFIG["istftnet"]
    hidden, channels = CONFIG["hidden_dim"], istft["upsample_initial_channel"]

    def weight(shape, fan_in):
        return g.f32(rng.normal(0.0, 1.0 / math.sqrt(fan_in), size=shape))

    def bias(size):
        return g.f32(rng.normal(0.0, 0.01, size=size))

    def conv(x, c_in, c_out, k, dilation=1):
        pad = (k * dilation - dilation) // 2
        return g.op("Conv", [x, weight((c_out, c_in, k), c_in * k), bias(c_out)],
                    kernel_shape=[k], dilations=[dilation], pads=[pad, pad])

    def snake(x):
        # Kokoro's generator uses Snake activations; LeakyRelu costs about the same per sample.
        return g.op("LeakyRelu", [x], alpha=0.1)

    ids_name, inputs, audio = signature("v1", "float")
    n = g.op("Shape", [g.op("Reshape", [ids_name, g.i64([-1])])])
    _, frames = frames_per_id(g)

    # Front end: Embedding(178, 512), [1, 512, N], a Conv1d k5 + ReLU, plus the style's first 128 values.
    table = g.f32(rng.normal(0.0, hidden ** -0.5, size=(CONFIG["n_token"], hidden)))
    x = g.op("Transpose", [g.op("Gather", [table, ids_name], axis=0)], perm=[0, 2, 1])
    x = g.op("Relu", [conv(x, hidden, hidden, CONFIG["text_encoder_kernel_size"])])
    decoder_style = g.op("Slice", ["style", g.i64([0]), g.i64([128]), g.i64([1])])
    style_bias = g.op("Unsqueeze", [g.op("MatMul", [decoder_style, weight((128, hidden), 128)]), g.i64([2])])
    x = g.op("Add", [x, style_bias])

    # D frames per id, then twice the frame rate, as the decoder's upsampling AdaIN block gives.
    repeats = g.op("Unsqueeze", [g.op("Mul", [frames, g.i64(2)]), g.i64([0])])
    shape = g.op("Concat", [g.i64([1, hidden]), n, repeats], axis=0)
    x = g.op("Reshape", [g.op("Expand", [g.op("Unsqueeze", [x, g.i64([-1])]), shape]), g.i64([1, hidden, -1])])

    x = conv(x, hidden, channels, 7)
    c = channels
    for rate, kernel in zip(istft["upsample_rates"], istft["upsample_kernel_sizes"]):
        x = snake(x)
        pad = (kernel - rate) // 2
        w = weight((c, c // 2, kernel), c * kernel / rate)
        x = g.op("ConvTranspose", [x, w, bias(c // 2)], kernel_shape=[kernel], strides=[rate], pads=[pad, pad])
        c //= 2
        blocks = []
        for k, dilations in zip(istft["resblock_kernel_sizes"], istft["resblock_dilation_sizes"]):
            y = x
            for d in dilations:
                y = g.op("Add", [y, conv(snake(conv(snake(y), c, c, k, dilation=d)), c, c, k)])
            blocks.append(y)
        x = g.op("Mul", [g.op("Add", [g.op("Add", [blocks[0], blocks[1]]), blocks[2]]), g.f32(1.0 / 3.0)])
    n_fft, hop = istft["gen_istft_n_fft"], istft["gen_istft_hop_size"]
    x = conv(snake(x), c, n_fft + 2, 7)
    # In place of the iSTFT: hop 5, window n_fft.
    w = weight((n_fft + 2, 1, n_fft), (n_fft + 2) * n_fft / hop)
    pad = (n_fft - hop) // 2
    x = g.op("ConvTranspose", [x, w], kernel_shape=[n_fft], strides=[hop], pads=[pad, n_fft - hop - pad])
    g.op("Reshape", [g.op("Tanh", [x]), g.i64([-1])], output=audio)
    return g, inputs, [helper.make_tensor_value_info(audio, TensorProto.FLOAT, ["num_samples"])]


def make_model(g, inputs, outputs, name, embed_config):
    graph = helper.make_graph(g.nodes, name, inputs, outputs, initializer=g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="kokoro_model.py")
    if embed_config:
        helper.set_model_props(model, {"kokoro_config": json.dumps(CONFIG, ensure_ascii=False)})
    onnx.checker.check_model(model)
    return model


def write_model(out, name, model):
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, name + ".onnx")
    onnx.save(model, path)
    with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(CONFIG, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(path)


def pack(voice):
    """The [510, 1, 256] pack of the voice at index `voice`: r/1024 - 0.5 + (voice+1)*k/16384."""
    rows = np.arange(PACK_ROWS, dtype=np.float64)[:, None, None] / 1024 - 0.5
    columns = (voice + 1) * np.arange(STYLE, dtype=np.float64)[None, None, :] / 16384
    return (rows + columns).astype("<f4")


def write_voices(out, names, npz, raw):
    if not names or len(names) > MAX_VOICES or len(set(names)) != len(names):
        raise SystemExit(f"--names wants 1 to {MAX_VOICES} distinct names, got {names!r}")
    os.makedirs(out, exist_ok=True)
    packs = {name: pack(v) for v, name in enumerate(names)}
    if raw:
        for name, values in packs.items():
            path = os.path.join(out, name + ".bin")
            with open(path, "wb") as f:
                f.write(values.tobytes())
            print(path)
    if npz:
        path = os.path.join(out, npz)
        # np.savez appends .npz to a name without it; kokoro-onnx's bundle is named .bin.
        with open(path, "wb") as f:
            np.savez(f, **packs)
        with zipfile.ZipFile(path) as z:
            assert sorted(z.namelist()) == sorted(n + ".npy" for n in names)
        print(path)


def main(argv):
    parser = argparse.ArgumentParser(description="ONNX models with the interface of Kokoro-82M, and voice packs.")
    kinds = parser.add_subparsers(dest="kind", required=True)
    p = kinds.add_parser("standin")
    p.add_argument("--out", required=True, help="folder for NAME.onnx and config.json")
    p.add_argument("--name", required=True)
    p.add_argument("--signature", required=True, choices=["v1", "hf"])
    p.add_argument("--speed-type", choices=["float", "int32"], help="hf only; default float")
    p.add_argument("--embed-config", action="store_true", help="adds the kokoro_config metadata key")
    p = kinds.add_parser("voices")
    p.add_argument("--out", required=True)
    p.add_argument("--names", default=DEFAULT_VOICES, help="comma-separated voice names, in index order")
    p.add_argument("--npz", help="file name of an np.savez bundle of every pack")
    p.add_argument("--raw", action="store_true", help="writes <name>.bin, raw float32, per voice")
    p = kinds.add_parser("random")
    p.add_argument("--out", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--embed-config", action="store_true")
    args = parser.parse_args(argv)

    if args.kind == "standin":
        speed_type = args.speed_type or "float"
        if args.signature == "v1" and speed_type != "float":
            raise SystemExit("--speed-type int32 is an hf export's; v1 takes a float speed")
        g, inputs, outputs = build_standin(args.signature, speed_type)
        write_model(args.out, args.name, make_model(g, inputs, outputs, "kokoro_standin", args.embed_config))
    elif args.kind == "voices":
        names = [n.strip() for n in args.names.split(",") if n.strip()]
        npz = args.npz or (None if args.raw else "voices-v1.0.bin")
        write_voices(args.out, names, npz, args.raw or not args.npz)
    else:
        g, inputs, outputs = build_random(args.seed)
        write_model(args.out, args.name, make_model(g, inputs, outputs, "kokoro_random", args.embed_config))


if __name__ == "__main__":
    main(sys.argv[1:])
