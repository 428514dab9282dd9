namespace TtsGrpc.Core.Voices;

/// <summary>The binary form of a <see cref="VoiceProfile"/> kept in the store (the store frames and checksums it).</summary>
public static class VoiceProfileCodec
{
    private const int FormatVersion = 1;

    public static byte[] Serialize(VoiceProfile profile)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(FormatVersion);
            writer.Write(profile.AnalysisVersion);
            writer.Write(profile.F0MedianHz);
            writer.Write(profile.F0P10Hz);
            writer.Write(profile.F0P90Hz);
            writer.Write(profile.VoicedRatio);
            writer.Write(profile.DurationSeconds);
            writer.Write(profile.LoudnessDbfs);
            foreach (var vector in new[] { profile.MelMean, profile.MelStd, profile.EnvelopeDb, profile.Embedding })
            {
                writer.Write(vector.Length);
                foreach (var value in vector)
                {
                    writer.Write(value);
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a profile; null when the bytes are not one this version understands.</summary>
    public static VoiceProfile? Deserialize(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            if (reader.ReadInt32() != FormatVersion)
            {
                return null;
            }

            var analysisVersion = reader.ReadInt32();
            var scalars = new float[6];
            for (var i = 0; i < scalars.Length; i++)
            {
                scalars[i] = reader.ReadSingle();
            }

            var vectors = new float[4][];
            for (var v = 0; v < vectors.Length; v++)
            {
                var length = reader.ReadInt32();
                if (length is < 0 or > 4096)
                {
                    return null;
                }

                vectors[v] = new float[length];
                for (var i = 0; i < length; i++)
                {
                    vectors[v][i] = reader.ReadSingle();
                }
            }

            return new VoiceProfile(
                analysisVersion, scalars[0], scalars[1], scalars[2], scalars[3], scalars[4], scalars[5],
                vectors[0], vectors[1], vectors[2], vectors[3]);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }
}
