namespace TtsGrpc.Core.Engines.Piper.Internal;

/// <summary>
/// One clause of a segment: <see cref="Text"/> is what espeak-ng reads (its punctuation included), and
/// <see cref="Ending"/> the phonemes Piper puts after the clause's own: "." "?" "!" after a sentence,
/// ", " ": " "; " after a comma, colon, semicolon or dash, nothing after an ellipsis or no punctuation.
/// </summary>
internal readonly record struct PiperClause(string Text, string Ending);
