using Microsoft.Extensions.Options;
using TtsGrpc.Native;

namespace TtsGrpc.Server.Settings;

/// <summary>
/// Backend=Cuda on a host that cannot run CUDA is a setting to change, not a crash: it is refused at start
/// with the reason and the values that would work.
/// </summary>
internal sealed class BackendValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        if (options.Backend != ComputeBackend.Cuda)
        {
            return ValidateOptionsResult.Skip;
        }

        var key = $"{ServerOptions.Section}:{nameof(ServerOptions.Backend)}";
        return !AudioCore.CudaCompiled
            ? ValidateOptionsResult.Fail($"{key} is Cuda, but libttsnative was built without CUDA kernels; use Auto or Cpu, or rebuild it on a host with a CUDA toolkit.")
            : AudioCore.CudaDeviceCount == 0
            ? ValidateOptionsResult.Fail($"{key} is Cuda, but no CUDA device answers on this host; use Auto or Cpu.")
            : ValidateOptionsResult.Success;
    }
}
