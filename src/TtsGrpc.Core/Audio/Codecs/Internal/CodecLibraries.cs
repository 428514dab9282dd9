namespace TtsGrpc.Core.Audio.Codecs.Internal;

/// <summary>Says which Debian package to install when a codec library does not load.</summary>
internal static class CodecLibraries
{
    public static DllNotFoundException NotInstalled(string library, string package, DllNotFoundException inner) => new(
        $"{library} could not be loaded: {inner.Message} Install the Debian package {package} ('./build.sh deps' does).", inner);
}
