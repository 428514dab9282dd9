using System.Reflection;
using System.Runtime.InteropServices;

namespace TtsGrpc.Native.Internal;

/// <summary>
/// Finds libttsnative: $TTS_NATIVE_LIBRARY, then next to the application, then the system's search path.
/// A miss fails with the list of places looked in, so the fix is obvious.
/// </summary>
internal static class NativeLibraryLoader
{
    public const string PathVariable = "TTS_NATIVE_LIBRARY";
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != NativeMethods.LibraryName)
        {
            return nint.Zero;
        }

        var fileName = OperatingSystem.IsWindows() ? "ttsnative.dll"
            : OperatingSystem.IsMacOS() ? "libttsnative.dylib" : "libttsnative.so";
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromEnvironment)
        {
            candidates.Add(fromEnvironment);
        }

        candidates.Add(Path.Combine(AppContext.BaseDirectory, fileName));
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        if (NativeLibrary.TryLoad(fileName, assembly, searchPath, out var fromSearchPath))
        {
            return fromSearchPath;
        }

        throw new DllNotFoundException(
            $"{fileName} (the TtsGrpc native core) was not found or could not be loaded. Looked in: " +
            $"{string.Join(", ", candidates)} and the system library path. Build it with './build.sh native' " +
            $"or point {PathVariable} at the file.");
    }
}
