using Microsoft.Extensions.Options;
using TtsGrpc.Native;

namespace TtsGrpc.Server.Settings;

/// <summary>
/// Backend=Cuda on a host that cannot run CUDA is a setting to change, not a crash: it is refused at start
/// with the reason and the values that would work.
/// </summary>
internal sealed class BackendValidator : IValidateOptions<ServerOptions>
{
    private const string Key = $"{ServerOptions.Section}:{nameof(ServerOptions.Backend)}";

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        if (options.Backend != ComputeBackend.Cuda)
        {
            return ValidateOptionsResult.Skip;
        }

        return !AudioCore.CudaCompiled
            ? ValidateOptionsResult.Fail($"{Key} is Cuda, but libttsnative was built without CUDA kernels; use Auto or Cpu, or rebuild it on a host with a CUDA toolkit.")
            : AudioCore.CudaDeviceCount == 0
            ? ValidateOptionsResult.Fail($"{Key} is Cuda, but no CUDA device answers on this host; use Auto or Cpu.")
            : ValidateOptionsResult.Success;
    }

    /// <summary>
    /// The line for Backend=Cuda when the native core could not start on the device that answered, from the library's
    /// message ("tts_context_create: CUDA requested but the CUDA probe kernel failed on cuda:0 ...: ...").
    /// </summary>
    public static string CudaFailed(string nativeMessage)
    {
        var reason = nativeMessage
            .Replace("tts_context_create: ", "", StringComparison.Ordinal)
            .Replace("CUDA requested but ", "", StringComparison.Ordinal);
        return $"{Key} is Cuda, but {reason}; use Auto or Cpu.";
    }
}
