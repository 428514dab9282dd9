#include <cstdlib>
#include <cstring>

#include "common/probe.h"
#include "cuda/device.cuh"
#include "cuda/probe.cuh"

namespace tts::cuda {
namespace {

__global__ void probe_kernel(int32_t* out) {
    const int32_t i = int32_t(blockIdx.x * blockDim.x + threadIdx.x);
    if (i < kProbeCount) {
        out[i] = probe_value(i);
    }
}

bool forced_to_fail() {
    const char* value = std::getenv(kProbeFailVariable);
    return value != nullptr && value[0] != '\0' && std::strcmp(value, "0") != 0;
}

int32_t probe_failed(const Device* device, const char* why, cudaError_t error) {
    cudaGetLastError();  // clears a non-sticky error; the device is released by the caller
    if (error == cudaSuccess) {
        return fail(TTS_ERR_DEVICE, "the CUDA probe kernel failed on %s: %s", device->description,
                    why);
    }
    return fail(TTS_ERR_DEVICE, "the CUDA probe kernel failed on %s: %s: %s (%s)",
                device->description, why, cudaGetErrorName(error), cudaGetErrorString(error));
}

}  // namespace

int32_t run_probe(Device* device) {
    if (forced_to_fail()) {
        return fail(TTS_ERR_DEVICE, "the CUDA probe kernel failed on %s: forced by %s=%s",
                    device->description, kProbeFailVariable, std::getenv(kProbeFailVariable));
    }
    int32_t* values = nullptr;
    cudaError_t e = cudaMalloc(reinterpret_cast<void**>(&values), kProbeCount * sizeof(int32_t));
    if (e != cudaSuccess) {
        return probe_failed(device, "cudaMalloc", e);
    }
    int32_t host[kProbeCount] = {};
    probe_kernel<<<1, kProbeCount, 0, device->stream>>>(values);
    const char* step = "launch";
    e = cudaGetLastError();
    if (e == cudaSuccess) {
        step = "copy back";
        e = cudaMemcpyAsync(host, values, sizeof host, cudaMemcpyDeviceToHost, device->stream);
    }
    if (e == cudaSuccess) {
        step = "synchronize";
        e = cudaStreamSynchronize(device->stream);
    }
    const cudaError_t freed = cudaFree(values);
    if (e != cudaSuccess) {
        return probe_failed(device, step, e);
    }
    if (freed != cudaSuccess) {
        return probe_failed(device, "cudaFree", freed);
    }
    for (int32_t i = 0; i < kProbeCount; ++i) {
        if (host[i] != probe_value(i)) {
            return probe_failed(device, "the kernel wrote wrong values", cudaSuccess);
        }
    }
    return TTS_OK;
}

}  // namespace tts::cuda
