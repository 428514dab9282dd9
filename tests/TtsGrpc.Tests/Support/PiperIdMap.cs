using TtsGrpc.Core.Engines.Piper;

namespace TtsGrpc.Tests.Support;

/// <summary>
/// Piper's default phoneme_id_map (piper-phonemize src/phoneme_ids.hpp, DEFAULT_PHONEME_ID_MAP), the one its
/// espeak voices are trained with, and voice configs built on it.
/// </summary>
public static class PiperIdMap
{
    public const long Pad = 0;
    public const long Bos = 1;
    public const long Eos = 2;
    public const long Space = 3;
    public const long Exclamation = 4;
    public const long Comma = 8;
    public const long Period = 10;
    public const long Colon = 11;
    public const long Semicolon = 12;
    public const long Question = 13;

    /// <summary>A fresh copy, so a test may change it.</summary>
    public static Dictionary<int, long[]> Default() => new()
    {
        ['_'] = [0],
        ['^'] = [1],
        ['$'] = [2],
        [' '] = [3],
        ['!'] = [4],
        ['\''] = [5],
        ['('] = [6],
        [')'] = [7],
        [','] = [8],
        ['-'] = [9],
        ['.'] = [10],
        [':'] = [11],
        [';'] = [12],
        ['?'] = [13],
        ['a'] = [14],
        ['b'] = [15],
        ['c'] = [16],
        ['d'] = [17],
        ['e'] = [18],
        ['f'] = [19],
        ['h'] = [20],
        ['i'] = [21],
        ['j'] = [22],
        ['k'] = [23],
        ['l'] = [24],
        ['m'] = [25],
        ['n'] = [26],
        ['o'] = [27],
        ['p'] = [28],
        ['q'] = [29],
        ['r'] = [30],
        ['s'] = [31],
        ['t'] = [32],
        ['u'] = [33],
        ['v'] = [34],
        ['w'] = [35],
        ['x'] = [36],
        ['y'] = [37],
        ['z'] = [38],
        ['æ'] = [39],
        ['ç'] = [40],
        ['ð'] = [41],
        ['ø'] = [42],
        ['ħ'] = [43],
        ['ŋ'] = [44],
        ['œ'] = [45],
        ['ǀ'] = [46],
        ['ǁ'] = [47],
        ['ǂ'] = [48],
        ['ǃ'] = [49],
        ['ɐ'] = [50],
        ['ɑ'] = [51],
        ['ɒ'] = [52],
        ['ɓ'] = [53],
        ['ɔ'] = [54],
        ['ɕ'] = [55],
        ['ɖ'] = [56],
        ['ɗ'] = [57],
        ['ɘ'] = [58],
        ['ə'] = [59],
        ['ɚ'] = [60],
        ['ɛ'] = [61],
        ['ɜ'] = [62],
        ['ɞ'] = [63],
        ['ɟ'] = [64],
        ['ɠ'] = [65],
        ['ɡ'] = [66],
        ['ɢ'] = [67],
        ['ɣ'] = [68],
        ['ɤ'] = [69],
        ['ɥ'] = [70],
        ['ɦ'] = [71],
        ['ɧ'] = [72],
        ['ɨ'] = [73],
        ['ɪ'] = [74],
        ['ɫ'] = [75],
        ['ɬ'] = [76],
        ['ɭ'] = [77],
        ['ɮ'] = [78],
        ['ɯ'] = [79],
        ['ɰ'] = [80],
        ['ɱ'] = [81],
        ['ɲ'] = [82],
        ['ɳ'] = [83],
        ['ɴ'] = [84],
        ['ɵ'] = [85],
        ['ɶ'] = [86],
        ['ɸ'] = [87],
        ['ɹ'] = [88],
        ['ɺ'] = [89],
        ['ɻ'] = [90],
        ['ɽ'] = [91],
        ['ɾ'] = [92],
        ['ʀ'] = [93],
        ['ʁ'] = [94],
        ['ʂ'] = [95],
        ['ʃ'] = [96],
        ['ʄ'] = [97],
        ['ʈ'] = [98],
        ['ʉ'] = [99],
        ['ʊ'] = [100],
        ['ʋ'] = [101],
        ['ʌ'] = [102],
        ['ʍ'] = [103],
        ['ʎ'] = [104],
        ['ʏ'] = [105],
        ['ʐ'] = [106],
        ['ʑ'] = [107],
        ['ʒ'] = [108],
        ['ʔ'] = [109],
        ['ʕ'] = [110],
        ['ʘ'] = [111],
        ['ʙ'] = [112],
        ['ʛ'] = [113],
        ['ʜ'] = [114],
        ['ʝ'] = [115],
        ['ʟ'] = [116],
        ['ʡ'] = [117],
        ['ʢ'] = [118],
        ['ʲ'] = [119],
        ['ˈ'] = [120],
        ['ˌ'] = [121],
        ['ː'] = [122],
        ['ˑ'] = [123],
        ['˞'] = [124],
        ['β'] = [125],
        ['θ'] = [126],
        ['χ'] = [127],
        ['ᵻ'] = [128],
        ['ⱱ'] = [129],

        // tones
        ['0'] = [130],
        ['1'] = [131],
        ['2'] = [132],
        ['3'] = [133],
        ['4'] = [134],
        ['5'] = [135],
        ['6'] = [136],
        ['7'] = [137],
        ['8'] = [138],
        ['9'] = [139],
        ['\u0327'] = [140], // combining cedilla
        ['\u0303'] = [141], // combining tilde
        ['\u032a'] = [142], // combining bridge below
        ['\u032f'] = [143], // combining inverted breve below
        ['\u0329'] = [144], // combining vertical line below
        ['ʰ'] = [145],
        ['ˤ'] = [146],
        ['ε'] = [147],
        ['↓'] = [148],
        ['#'] = [149], // Icelandic
        ['"'] = [150], // Russian

        ['↑'] = [151],

        // Basque
        ['\u033a'] = [152],
        ['\u033b'] = [153],

        // Luxembourgish
        ['g'] = [154],
        ['ʦ'] = [155],
        ['X'] = [156],

        // Czech
        ['\u031d'] = [157],
        ['\u030a'] = [158],
    };

    public static PiperVoiceConfig Espeak(string voice, Dictionary<int, long[]>? idMap = null, Dictionary<int, int[]>? phonemeMap = null) => new()
    {
        SampleRate = 22050,
        EspeakVoice = voice,
        PhonemeType = "espeak",
        PhonemeIdMap = idMap ?? Default(),
        PhonemeMap = phonemeMap ?? [],
    };

    public static PiperVoiceConfig Text(Dictionary<int, long[]>? idMap = null) => new()
    {
        SampleRate = 22050,
        PhonemeType = "text",
        PhonemeIdMap = idMap ?? Default(),
    };

    /// <summary>The ids of <paramref name="phonemes"/> by Piper's scheme: ^ _ then each phoneme's id and _ then $.</summary>
    public static long[] IdsOf(string phonemes)
    {
        var map = Default();
        var ids = new List<long> { Bos, Pad };
        foreach (var rune in phonemes.EnumerateRunes())
        {
            ids.AddRange(map[rune.Value]);
            ids.Add(Pad);
        }

        ids.Add(Eos);
        return [.. ids];
    }
}
