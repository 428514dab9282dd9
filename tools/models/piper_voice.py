#!/usr/bin/env python3
"""ONNX models with the interface of a Piper (VITS) voice, and their .onnx.json configs.

No trained voice ships with TtsGrpc, so its tests use models with Piper's exact interface that
either reveal in their output what the engine sent them (`standin`) or cost what a real medium
voice costs (`medium`). Needs only onnx and numpy (Debian: python3-onnx python3-numpy).

  piper_voice.py standin --out DIR --stem STEM [--sample-rate 22050] [--quality medium]
      [--speakers alice,bob,carol] [--default-speaker N] [--espeak-voice en-us]
      [--alignment | --alignment-as-patched] [--rename-input input=tokens] [--phoneme-type espeak]
  piper_voice.py medium --out DIR --stem STEM [--seed 1] [--sample-rate 22050]
      [--upsample-rates 8,8,4] [--upsample-kernels 16,16,8]

Both write DIR/STEM.onnx and DIR/STEM.onnx.json.

Interface (as torch.onnx.export writes a Piper voice, opset 15):
  input          int64   [batch_size, phonemes]  phoneme ids
  input_lengths  int64   [batch_size]            ids used in each row
  scales         float32 [3]                     [noise_scale, length_scale, noise_w]
  sid            int64   [batch_size]            speaker id; only in a multi-speaker voice (--speakers)
  output         float32 [batch_size, 1, 1, time]
  w_ceil         float32 [batch_size, 1, phonemes] frames per id; only with --alignment (as Piper's
                                                 patch_voice_with_alignment.py exposes it)
  With --alignment-as-patched the same output is named /dp/Ceil_output_0 and declared with its name
  alone, no type or shape, exactly as patch_voice_with_alignment.py appends the Ceil's tensor.

Output contract of `standin`. For row b, with N the number of columns of `input`,
L_b = input_lengths[b], ls = scales[1], F = ceil(2*ls) frames per id and a hop of 256 samples:
  samples [0, 256) are a header:
    s[0] = 1.0 exactly: a peak marker, so Piper-style peak normalisation 32767/max(0.01, max|x|)
           scales by exactly 32767 (every other sample stays below 1 while L_b < 1024 and ids < 256)
    s[1] = L_b / 1024
    s[2] = (sid[b] + 1) / 1024 in a multi-speaker voice, 0 in a single-speaker one
    s[3] = noise_scale / 16,  s[4] = ls / 16,  s[5] = noise_w / 16,  s[6..255] = 0
  then, for each column i in 0..N-1, F*256 samples equal to input[b, i] / 1024 when i < L_b, else 0.
  So time T = 256 + N*F*256: halving the speed (length_scale 2) doubles the id part exactly.
  w_ceil[b, 0, i] = F when 0 < i < L_b, F + 1 for i = 0 (the header's frame is the first id's, the
  start id ^ in a real voice), 0 past L_b (Piper masks padding the same way). So 256 * sum(w_ceil[b])
  is the time of a row as long as its longest, as in a real voice, and id i > 0 starts at sample
  256 * sum(w_ceil[b, 0, :i]) = 256 * (1 + F*i) (id 0's frames are the header and its own).
  The graph has exactly one Ceil node, whose output is w_ceil, as in a real voice.

`medium` has random weights (numpy seed) and the cost structure of a Piper medium voice: an
embedding and two Conv1d in place of the text encoder, durations fixed at F = ceil(4*ls) frames
per id, prior noise times noise_scale, then the HiFi-GAN decoder of a medium voice (conv_pre,
upsampling 8,8,4 with kernels 16,16,8 and channels 256 -> 128 -> 64 -> 32, each stage followed by
the mean of three ResBlock2, conv_post, tanh). T = 256*F*N; values lie in [-1, 1].
"""

import argparse
import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from onnx_graph import Graph

OPSET = 15
HOP = 256

# piper-phonemize's DEFAULT_PHONEME_ID_MAP (src/phoneme_ids.hpp), ids 0-158, with the two
# single-codepoint entries current Piper (phoneme_ids.py) adds after them: 159 and 160.
PHONEME_IDS = (
    ["_", "^", "$", " ", "!", "'", "(", ")", ",", "-", ".", ":", ";", "?"]
    + list("abcdefhijklmnopqrstuvwxyz")
    + list("æçðøħŋœǀǁǂǃɐɑɒɓɔɕɖɗɘəɚɛɜɞɟɠɡɢɣɤɥɦɧɨɪɫɬɭɮɯɰɱɲɳɴɵɶɸɹɺɻɽɾʀʁʂʃʄʈʉʊʋʌʍʎʏʐʑʒʔʕʘʙʛʜʝʟʡʢʲˈˌːˑ˞βθχᵻⱱ")
    + list("0123456789")
    + ["\u0327", "\u0303", "\u032a", "\u032f", "\u0329", "ʰ", "ˤ", "ε", "↓", "#", '"', "↑"]
    + ["\u033a", "\u033b", "g", "ʦ", "X", "\u031d", "\u030a"]
    + ["ɝ", "ʷ"]
)
assert len(PHONEME_IDS) == 161 and PHONEME_IDS[14] == "a" and PHONEME_IDS[129] == "ⱱ"
assert PHONEME_IDS[140] == "\u0327" and PHONEME_IDS[154] == "g" and PHONEME_IDS[158] == "\u030a"

LANGUAGES = {
    "ar": "العربية|Arabic", "ca": "Català|Catalan", "cs": "Čeština|Czech", "da": "Dansk|Danish",
    "de": "Deutsch|German", "el": "Ελληνικά|Greek", "en": "English|English", "es": "Español|Spanish",
    "fi": "Suomi|Finnish", "fr": "Français|French", "hu": "Magyar|Hungarian", "it": "Italiano|Italian",
    "nl": "Nederlands|Dutch", "no": "Norsk|Norwegian", "pl": "Polski|Polish", "pt": "Português|Portuguese",
    "ru": "Русский|Russian", "sv": "Svenska|Swedish", "tr": "Türkçe|Turkish", "uk": "украї́нська мо́ва|Ukrainian",
    "zh": "简体中文|Chinese",
}
COUNTRIES = {
    "US": "United States", "GB": "Great Britain", "DE": "Germany", "FR": "France", "ES": "Spain",
    "MX": "Mexico", "IT": "Italy", "NL": "Netherlands", "BE": "Belgium", "BR": "Brazil", "PT": "Portugal",
    "RU": "Russia", "UA": "Ukraine", "PL": "Poland", "CN": "China", "CZ": "Czech Republic",
}


def voice_inputs(multi_speaker):
    inputs = [
        helper.make_tensor_value_info("input", TensorProto.INT64, ["batch_size", "phonemes"]),
        helper.make_tensor_value_info("input_lengths", TensorProto.INT64, ["batch_size"]),
        helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
    ]
    if multi_speaker:
        inputs.append(helper.make_tensor_value_info("sid", TensorProto.INT64, ["batch_size"]))
    return inputs


def sequence_mask(g, lengths, n):
    """[B, N] float: 1 where the column index is below the row's length."""
    columns = g.op("Range", [g.i64(0), n, g.i64(1)])
    less = g.op("Less", [g.op("Unsqueeze", [columns, g.i64([0])]), g.op("Unsqueeze", [lengths, g.i64([1])])])
    return g.op("Cast", [less], to=TensorProto.FLOAT)


def frames_per_id(g, factor, use_ceil):
    """ceil(factor * length_scale) as an int64 scalar."""
    scaled = g.op("Mul", [g.op("Gather", ["scales", g.i64(1)], axis=0), g.f32(factor)])
    if use_ceil:
        rounded = g.op("Ceil", [scaled])
    else:
        # ceil(x) = -floor(-x), so that the graph's only Ceil is w_ceil, as in a real voice.
        rounded = g.op("Neg", [g.op("Floor", [g.op("Neg", [scaled])])])
    return scaled, g.op("Cast", [rounded], to=TensorProto.INT64)


def repeat_last_axis(g, x, shape, rank, repeats):
    """x of the given `shape` (an int64 tensor of `rank` values), [..., N] -> [..., N*repeats]:
    each column repeated `repeats` times in place."""
    unsqueezed = g.op("Unsqueeze", [x, g.i64([-1])])
    expanded = g.op("Expand", [unsqueezed, g.op("Concat", [shape, g.op("Unsqueeze", [repeats, g.i64([0])])], axis=0)])
    return g.op("Reshape", [expanded, g.i64([0] * (rank - 1) + [-1])])


PATCHED_CEIL = "/dp/Ceil_output_0"


def build_standin(multi_speaker, alignment, ceil_name="w_ceil"):
    g = Graph()
    shape = g.op("Shape", ["input"])
    batch = g.op("Gather", [shape, g.i64([0])], axis=0)
    n = g.op("Gather", [shape, g.i64(1)], axis=0)
    lengths_f = g.op("Cast", ["input_lengths"], to=TensorProto.FLOAT)

    mask = sequence_mask(g, "input_lengths", n)
    two_ls, frames = frames_per_id(g, 2.0, use_ceil=False)
    # ceil(2*ls) per id used, and the header's frame in the first column's: sum(w_ceil) * 256 = time.
    first = g.op("Cast", [g.op("Equal", [g.op("Range", [g.i64(0), n, g.i64(1)]), g.i64(0)])], to=TensorProto.FLOAT)
    per_id = g.op("Add", [two_ls, first])
    g.op("Ceil", [g.op("Mul", [g.op("Unsqueeze", [mask, g.i64([1])]), per_id])], output=ceil_name)

    # Header columns, each [B, 1].
    ones = g.op("Expand", [g.f32([[1.0]]), g.op("Concat", [batch, g.i64([1])], axis=0)])
    length_column = g.op("Unsqueeze", [g.op("Div", [lengths_f, g.f32(1024.0)]), g.i64([1])])
    if multi_speaker:
        sid_f = g.op("Cast", ["sid"], to=TensorProto.FLOAT)
        speaker_column = g.op("Unsqueeze", [g.op("Div", [g.op("Add", [sid_f, g.f32(1.0)]), g.f32(1024.0)]), g.i64([1])])
    else:
        speaker_column = g.op("Mul", [ones, g.f32(0.0)])
    scale_columns = g.op(
        "Expand",
        [g.op("Unsqueeze", [g.op("Div", ["scales", g.f32(16.0)]), g.i64([0])]), g.op("Concat", [batch, g.i64([3])], axis=0)],
    )
    header = g.op("Concat", [ones, length_column, speaker_column, scale_columns], axis=1)
    header = g.op("Pad", [header, g.i64([0, 0, 0, HOP - 6])], mode="constant")

    ids = g.op("Mul", [g.op("Div", [g.op("Cast", ["input"], to=TensorProto.FLOAT), g.f32(1024.0)]), mask])
    leading = g.op("Concat", [batch, g.op("Unsqueeze", [n, g.i64([0])])], axis=0)
    body = repeat_last_axis(g, ids, leading, 2, g.op("Mul", [frames, g.i64(HOP)]))

    row = g.op("Concat", [header, body], axis=1)
    g.op("Unsqueeze", [row, g.i64([1, 2])], output="output")

    outputs = [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch_size", 1, 1, "time"])]
    if alignment:
        outputs.append(helper.make_tensor_value_info("w_ceil", TensorProto.FLOAT, ["batch_size", 1, "phonemes"]))
    return g, outputs


def build_medium(seed, rates, kernels):
    rng = np.random.default_rng(seed)
    g = Graph()
    hidden, channels = 192, 256

    def weight(shape, fan_in):
        return g.f32(rng.normal(0.0, 1.0 / math.sqrt(fan_in), size=shape))

    def bias(size):
        return g.f32(rng.normal(0.0, 0.01, size=size))

    def conv(x, c_in, c_out, k, dilation=1, with_bias=True):
        inputs = [x, weight((c_out, c_in, k), c_in * k)] + ([bias(c_out)] if with_bias else [])
        pad = (k * dilation - dilation) // 2
        return g.op("Conv", inputs, kernel_shape=[k], dilations=[dilation], pads=[pad, pad])

    def leaky(x, slope):
        return g.op("LeakyRelu", [x], alpha=slope)

    shape = g.op("Shape", ["input"])
    batch = g.op("Gather", [shape, g.i64([0])], axis=0)
    n = g.op("Gather", [shape, g.i64(1)], axis=0)

    # Front end: Embedding(256, 192) * sqrt(192), [B, 192, N], two Conv1d k3 + ReLU, masked.
    table = g.f32(rng.normal(0.0, hidden ** -0.5, size=(256, hidden)))
    x = g.op("Mul", [g.op("Gather", [table, "input"], axis=0), g.f32(math.sqrt(hidden))])
    x = g.op("Transpose", [x], perm=[0, 2, 1])
    mask = g.op("Unsqueeze", [sequence_mask(g, "input_lengths", n), g.i64([1])])
    for _ in range(2):
        x = g.op("Relu", [conv(x, hidden, hidden, 3)])
    x = g.op("Mul", [x, mask])

    # Durations fixed at F frames per id, then prior noise.
    _, frames = frames_per_id(g, 4.0, use_ceil=True)
    leading = g.op("Concat", [batch, g.i64([hidden]), g.op("Unsqueeze", [n, g.i64([0])])], axis=0)
    x = repeat_last_axis(g, x, leading, 3, frames)
    noise_scale = g.op("Gather", ["scales", g.i64(0)], axis=0)
    x = g.op("Add", [x, g.op("Mul", [g.op("RandomNormalLike", [x]), noise_scale])])

    # HiFi-GAN decoder with ResBlock2.
    x = conv(x, hidden, channels, 7)
    c = channels
    for rate, kernel in zip(rates, kernels):
        x = leaky(x, 0.1)
        pad = (kernel - rate) // 2
        # Each output sample sums c*kernel/rate inputs; scale the weights for that.
        w = weight((c, c // 2, kernel), c * kernel / rate)
        x = g.op("ConvTranspose", [x, w, bias(c // 2)], kernel_shape=[kernel], strides=[rate], pads=[pad, pad])
        c //= 2
        blocks = []
        for k, dilations in zip((3, 5, 7), ((1, 2), (2, 6), (3, 12))):
            y = x
            for d in dilations:
                y = g.op("Add", [y, conv(leaky(y, 0.1), c, c, k, dilation=d)])
            blocks.append(y)
        x = g.op("Mul", [g.op("Add", [g.op("Add", [blocks[0], blocks[1]]), blocks[2]]), g.f32(1.0 / 3.0)])
    x = leaky(x, 0.01)
    x = g.op("Tanh", [conv(x, c, 1, 7, with_bias=False)])
    g.op("Unsqueeze", [x, g.i64([1])], output="output")
    outputs = [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch_size", 1, 1, "time"])]
    return g, outputs


def make_model(g, inputs, outputs, name):
    graph = helper.make_graph(g.nodes, name, inputs, outputs, initializer=g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="piper_voice.py")
    onnx.checker.check_model(model)
    return model


def rename_inputs(model, renames):
    for rename in renames:
        old, sep, new = rename.partition("=")
        if not sep or not new:
            raise SystemExit(f"--rename-input wants OLD=NEW, got {rename!r}")
        matches = [i for i in model.graph.input if i.name == old]
        if not matches:
            raise SystemExit(f"--rename-input: the model has no input {old!r}")
        matches[0].name = new
        for node in model.graph.node:
            for k, name in enumerate(node.input):
                if name == old:
                    node.input[k] = new
    onnx.checker.check_model(model)


def language(espeak_voice):
    parts = espeak_voice.replace("_", "-").split("-")
    family = parts[0].lower()
    region = parts[1].upper() if len(parts) > 1 and len(parts[1]) == 2 else family.upper()
    native, english = LANGUAGES.get(family, f"{family}|{family}").split("|")
    return {
        "code": f"{family}_{region}",
        "family": family,
        "region": region,
        "name_native": native,
        "name_english": english,
        "country_english": COUNTRIES.get(region, region),
    }


def config(stem, sample_rate, quality, espeak_voice, phoneme_type, speakers, default_speaker):
    result = {
        "dataset": stem,
        "audio": {"sample_rate": sample_rate, "quality": quality},
        "espeak": {"voice": espeak_voice},
        "language": language(espeak_voice),
        "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
        "phoneme_type": phoneme_type,
        "phoneme_map": {},
        "phoneme_id_map": {symbol: [i] for i, symbol in enumerate(PHONEME_IDS)},
        "num_symbols": 256,
        "num_speakers": max(1, len(speakers)),
        "speaker_id_map": {name: i for i, name in enumerate(speakers)},
        "piper_version": "1.0.0",
    }
    if default_speaker is not None:
        result["default_speaker_id"] = default_speaker
    return result


def write(out, stem, model, voice_config):
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, stem + ".onnx")
    onnx.save(model, path)
    with open(path + ".json", "w", encoding="utf-8") as f:
        json.dump(voice_config, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(path)


def int_list(text):
    return [int(v) for v in text.split(",") if v]


def main(argv):
    parser = argparse.ArgumentParser(description="ONNX models with the interface of a Piper voice.")
    kinds = parser.add_subparsers(dest="kind", required=True)
    for kind in ("standin", "medium"):
        p = kinds.add_parser(kind)
        p.add_argument("--out", required=True, help="folder for STEM.onnx and STEM.onnx.json")
        p.add_argument("--stem", required=True)
        p.add_argument("--sample-rate", type=int, default=22050)
        p.add_argument("--espeak-voice", default="en-us")
        if kind == "standin":
            p.add_argument("--quality", default="medium")
            p.add_argument("--speakers", default="", help="comma-separated names; adds the sid input")
            p.add_argument("--default-speaker", type=int, help="written as default_speaker_id")
            p.add_argument("--alignment", action="store_true", help="adds the w_ceil output")
            p.add_argument("--alignment-as-patched", action="store_true",
                           help="adds it as patch_voice_with_alignment.py does: the Ceil's own name, untyped")
            p.add_argument("--rename-input", action="append", default=[], metavar="OLD=NEW")
            p.add_argument("--phoneme-type", default="espeak")
        else:
            p.add_argument("--seed", type=int, default=1)
            p.add_argument("--upsample-rates", type=int_list, default=[8, 8, 4])
            p.add_argument("--upsample-kernels", type=int_list, default=[16, 16, 8])
    args = parser.parse_args(argv)

    if args.kind == "standin":
        speakers = [s.strip() for s in args.speakers.split(",") if s.strip()]
        if args.alignment and args.alignment_as_patched:
            raise SystemExit("--alignment and --alignment-as-patched are two ways to add one output; pick one")
        patched = args.alignment_as_patched
        g, outputs = build_standin(bool(speakers), args.alignment, PATCHED_CEIL if patched else "w_ceil")
        model = make_model(g, voice_inputs(bool(speakers)), outputs, "piper_standin")
        rename_inputs(model, args.rename_input)
        if patched:
            # After the checks: the patch appends a ValueInfoProto with the name alone, which ONNX Runtime accepts.
            info = onnx.ValueInfoProto()
            info.name = PATCHED_CEIL
            model.graph.output.append(info)
        voice_config = config(args.stem, args.sample_rate, args.quality, args.espeak_voice, args.phoneme_type,
                              speakers, args.default_speaker)
    else:
        if len(args.upsample_rates) != len(args.upsample_kernels) or math.prod(args.upsample_rates) != HOP:
            raise SystemExit(f"--upsample-rates must multiply to {HOP} and match --upsample-kernels one to one")
        g, outputs = build_medium(args.seed, args.upsample_rates, args.upsample_kernels)
        model = make_model(g, voice_inputs(False), outputs, "piper_medium")
        voice_config = config(args.stem, args.sample_rate, "medium", args.espeak_voice, "espeak", [], None)
    write(args.out, args.stem, model, voice_config)


if __name__ == "__main__":
    main(sys.argv[1:])
