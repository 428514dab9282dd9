using System.Text;

namespace TtsGrpc.Core.Engines.Piper.Internal;

/// <summary>
/// The graph inputs and outputs an ONNX file declares, read from its protobuf without loading it: the walk
/// seeks past the weights, so checking a 60 MB voice at start reads a few kilobytes. ONNX Runtime still
/// loads the model for real on first use; this only tells a voice with the wrong interface from the start.
/// </summary>
internal static class OnnxModelInputs
{
    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;
    private const int ValueInfoName = 1;
    private const int ValueInfoType = 2;
    private const int TypeTensor = 1;
    private const int TensorElementType = 1;
    private const int TensorProtoName = 8;

    public sealed record Tensor(string Name, int ElementType);

    public sealed record Signature(IReadOnlyList<Tensor> Inputs, IReadOnlyList<Tensor> Outputs);

    /// <summary>Element types of ONNX's TensorProto.DataType that Piper uses.</summary>
    public const int Float = 1;
    public const int Int64 = 7;

    /// <summary>Reads the signature; a file that is not an ONNX model throws <see cref="FormatException"/>.</summary>
    public static Signature Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        var reader = new Reader(file);
        var inputs = new List<Tensor>();
        var outputs = new List<Tensor>();
        var initializers = new HashSet<string>(StringComparer.Ordinal);
        var sawGraph = false;
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == ModelGraph && wire == 2)
            {
                sawGraph = true;
                var end = reader.ReadLength() + file.Position;
                while (file.Position < end && reader.TryReadTag(out var graphField, out var graphWire))
                {
                    if (graphWire == 2 && graphField is GraphInput or GraphOutput)
                    {
                        var info = ReadValueInfo(reader, file);
                        (graphField == GraphInput ? inputs : outputs).Add(info);
                    }
                    else if (graphWire == 2 && graphField == GraphInitializer)
                    {
                        initializers.Add(ReadInitializerName(reader, file));
                    }
                    else
                    {
                        reader.Skip(graphWire);
                    }
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        if (!sawGraph || outputs.Count == 0)
        {
            throw new FormatException("it is not an ONNX model (no graph with outputs)");
        }

        // Old exporters also list weights as inputs; those are not inputs a caller feeds.
        return new Signature([.. inputs.Where(i => !initializers.Contains(i.Name))], outputs);
    }

    private static Tensor ReadValueInfo(Reader reader, Stream file)
    {
        var end = reader.ReadLength() + file.Position;
        var name = "";
        var type = 0;
        while (file.Position < end && reader.TryReadTag(out var field, out var wire))
        {
            if (field == ValueInfoName && wire == 2)
            {
                name = reader.ReadString();
            }
            else if (field == ValueInfoType && wire == 2)
            {
                var typeEnd = reader.ReadLength() + file.Position;
                while (file.Position < typeEnd && reader.TryReadTag(out var typeField, out var typeWire))
                {
                    if (typeField == TypeTensor && typeWire == 2)
                    {
                        var tensorEnd = reader.ReadLength() + file.Position;
                        while (file.Position < tensorEnd && reader.TryReadTag(out var tensorField, out var tensorWire))
                        {
                            if (tensorField == TensorElementType && tensorWire == 0)
                            {
                                type = (int)reader.ReadVarint();
                            }
                            else
                            {
                                reader.Skip(tensorWire);
                            }
                        }
                    }
                    else
                    {
                        reader.Skip(typeWire);
                    }
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return new Tensor(name, type);
    }

    private static string ReadInitializerName(Reader reader, Stream file)
    {
        var end = reader.ReadLength() + file.Position;
        var name = "";
        while (file.Position < end && reader.TryReadTag(out var field, out var wire))
        {
            if (field == TensorProtoName && wire == 2)
            {
                name = reader.ReadString();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        file.Position = end;
        return name;
    }

    /// <summary>Protobuf wire format over a seekable stream: length-delimited fields are skipped by seeking.</summary>
    private sealed class Reader(Stream stream)
    {
        public bool TryReadTag(out int field, out int wire)
        {
            field = wire = 0;
            if (stream.Position >= stream.Length)
            {
                return false;
            }

            var tag = ReadVarint();
            field = (int)(tag >> 3);
            wire = (int)(tag & 7);
            return field > 0 ? true : throw new FormatException("it is not an ONNX model (bad protobuf field)");
        }

        public ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = stream.ReadByte();
                if (b < 0)
                {
                    throw new FormatException("it is not an ONNX model (the file ends inside a field)");
                }

                value |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new FormatException("it is not an ONNX model (bad protobuf varint)");
        }

        public long ReadLength()
        {
            var length = ReadVarint();
            return length <= (ulong)(stream.Length - stream.Position)
                ? (long)length
                : throw new FormatException("it is not an ONNX model (a field runs past the end of the file)");
        }

        public string ReadString()
        {
            var length = ReadLength();
            if (length > 4096)
            {
                throw new FormatException("it is not an ONNX model (a name is longer than 4 KiB)");
            }

            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return Encoding.UTF8.GetString(bytes);
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: ReadVarint(); break;
                case 1: Seek(8); break;
                case 2: Seek(ReadLength()); break;
                case 5: Seek(4); break;
                default: throw new FormatException($"it is not an ONNX model (protobuf wire type {wire})");
            }
        }

        private void Seek(long count)
        {
            if (stream.Position + count > stream.Length)
            {
                throw new FormatException("it is not an ONNX model (a field runs past the end of the file)");
            }

            stream.Position += count;
        }
    }
}
