namespace TtsGrpc.Storage;

/// <summary>
/// When one word of a segment is spoken: <see cref="TextStart"/> and <see cref="TextLength"/> are
/// UTF-16 offsets into the segment's <see cref="StoredAudio.Text"/>, the samples are at its sample
/// rate with 0 ≤ <see cref="StartSample"/> ≤ <see cref="EndSample"/> ≤ the sample count.
/// </summary>
public readonly record struct StoredWord(int TextStart, int TextLength, int StartSample, int EndSample);
