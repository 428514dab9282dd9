#include <cstdio>
#include <cstring>
#include <memory>

#include "common/spectral.h"
#include "cuda/device.cuh"
#include "cuda/probe.cuh"

namespace tts::cuda {

int32_t fail_cuda(cudaError_t error, const char* expression, const char* file, int line) {
    // Clears the error unless it is sticky (then the context stays unusable and says so again).
    cudaGetLastError();
    const char* slash = std::strrchr(file, '/');
    const int32_t code =
        error == cudaErrorMemoryAllocation ? TTS_ERR_OUT_OF_MEMORY : TTS_ERR_DEVICE;
    return fail(code, "CUDA error %d (%s: %s) in %s at %s:%d", int(error), cudaGetErrorName(error),
                cudaGetErrorString(error), expression, slash != nullptr ? slash + 1 : file, line);
}

int32_t compiled() { return 1; }

int32_t device_count(const char** reason) {
    int count = 0;
    const cudaError_t error = cudaGetDeviceCount(&count);
    if (error != cudaSuccess) {
        cudaGetLastError();
        if (reason != nullptr) {
            *reason = cudaGetErrorString(error);
        }
        return 0;
    }
    if (count == 0 && reason != nullptr) {
        *reason = "the CUDA driver reports 0 devices";
    }
    return int32_t(count);
}

int32_t activate(Device* device) {
    CUDA_CHECK(cudaSetDevice(device->id));
    return TTS_OK;
}

int32_t create_device(Device** out_device) {
    *out_device = nullptr;
    auto device = std::make_unique<Device>();
    if (int32_t s = activate(device.get())) {
        return s;
    }
    CUDA_CHECK(cudaStreamCreateWithFlags(&device->stream, cudaStreamNonBlocking));
    cudaDeviceProp prop;
    CUDA_CHECK(cudaGetDeviceProperties(&prop, device->id));
    int runtime = 0;
    int driver = 0;
    CUDA_CHECK(cudaRuntimeGetVersion(&runtime));
    CUDA_CHECK(cudaDriverGetVersion(&driver));
    std::snprintf(device->description, sizeof device->description,
                  "cuda:%d %s (sm_%d%d, %d SMs, %.1f GiB, runtime %d.%d, driver %d.%d)", device->id,
                  prop.name, prop.major, prop.minor, prop.multiProcessorCount,
                  double(prop.totalGlobalMem) / (1024.0 * 1024.0 * 1024.0), runtime / 1000,
                  (runtime % 1000) / 10, driver / 1000, (driver % 1000) / 10);
    // A GPU this binary has no kernels for, or a broken driver, fails now rather than at the
    // first call; device (its stream) is released on the way out.
    if (int32_t s = run_probe(device.get())) {
        return s;
    }
    *out_device = device.release();
    return TTS_OK;
}

Device::~Device() {
    // Errors cannot be reported from a destructor; a failed free leaves nothing to retry.
    cudaSetDevice(id);
    for (DeviceBuffer* b : {&in, &out, &in_offsets, &out_offsets, &work}) {
        cudaFree(b->ptr);
    }
    for (void* p : {static_cast<void*>(spectral.twiddles), static_cast<void*>(spectral.window),
                    static_cast<void*>(spectral.mel_weights),
                    static_cast<void*>(spectral.mel_first), static_cast<void*>(spectral.mel_end)}) {
        cudaFree(p);
    }
    for (const DeviceTable& t : tables) {
        cudaFree(t.coeffs);
    }
    if (stream != nullptr) {
        cudaStreamDestroy(stream);
    }
    cudaGetLastError();
}

void destroy_device(Device* device) { delete device; }

const char* describe(const Device* device) { return device->description; }

int32_t reserve(DeviceBuffer& buffer, size_t bytes) {
    if (buffer.bytes >= bytes) {
        return TTS_OK;
    }
    // Grow by half again so slowly growing batches do not reallocate every call.
    const size_t grown = bytes + bytes / 2;
    CUDA_CHECK(cudaFree(buffer.ptr));
    buffer.ptr = nullptr;
    buffer.bytes = 0;
    CUDA_CHECK(cudaMalloc(&buffer.ptr, grown));
    buffer.bytes = grown;
    return TTS_OK;
}

int32_t upload(Device* device, DeviceBuffer& buffer, const void* src, size_t bytes) {
    if (int32_t s = reserve(buffer, bytes)) {
        return s;
    }
    CUDA_CHECK(cudaMemcpyAsync(buffer.ptr, src, bytes, cudaMemcpyHostToDevice, device->stream));
    return TTS_OK;
}

int32_t table_for(Device* device, const ResampleFilter& filter, const float** out_coeffs) {
    for (const DeviceTable& t : device->tables) {
        if (t.in_rate == filter.in_rate && t.out_rate == filter.out_rate) {
            *out_coeffs = t.coeffs;
            return TTS_OK;
        }
    }
    device->tables.reserve(device->tables.size() + 1);  // so the push below cannot throw
    const size_t bytes = filter.coeffs.size() * sizeof(float);
    float* coeffs = nullptr;
    CUDA_CHECK(cudaMalloc(&coeffs, bytes));
    // On the context's stream, so the kernels that read the table are ordered after the copy.
    const cudaError_t copied = cudaMemcpyAsync(coeffs, filter.coeffs.data(), bytes,
                                               cudaMemcpyHostToDevice, device->stream);
    if (copied != cudaSuccess) {
        cudaFree(coeffs);
        return fail_cuda(copied, "cudaMemcpyAsync(coefficient table)", __FILE__, __LINE__);
    }
    device->tables.push_back({filter.in_rate, filter.out_rate, coeffs});
    *out_coeffs = coeffs;
    return TTS_OK;
}

namespace {

// Allocates *dst (unless a failed earlier attempt already did) and copies count elements of src
// on the device's stream. The destructor frees whatever was allocated.
template <typename T>
int32_t upload_table(Device* device, T** dst, const T* src, size_t count) {
    if (*dst == nullptr) {
        CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(dst), count * sizeof(T)));
    }
    CUDA_CHECK(
        cudaMemcpyAsync(*dst, src, count * sizeof(T), cudaMemcpyHostToDevice, device->stream));
    return TTS_OK;
}

}  // namespace

int32_t spectral_tables(Device* device, const SpectralTables** out_tables) {
    SpectralTables& t = device->spectral;
    if (t.mel_end == nullptr) {
        const MelBank& bank = mel_bank();
        if (int32_t s = upload_table(device, &t.twiddles, fft_twiddles(), kTwiddles)) {
            return s;
        }
        if (int32_t s = upload_table(device, &t.window, analysis_window(), kFrame)) {
            return s;
        }
        if (int32_t s =
                upload_table(device, &t.mel_weights, bank.weights.data(), bank.weights.size())) {
            return s;
        }
        if (int32_t s = upload_table(device, &t.mel_first, bank.first.data(), bank.first.size())) {
            return s;
        }
        if (int32_t s = upload_table(device, &t.mel_end, bank.end.data(), bank.end.size())) {
            return s;
        }
    }
    *out_tables = &t;
    return TTS_OK;
}

int32_t prepare_spectral(Device* device, const SpectralTables** tables) {
    if (int32_t s = activate(device)) {
        return s;
    }
    return spectral_tables(device, tables);
}

int32_t download_async(Device* device, void* dst, const void* src, size_t bytes) {
    CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToHost, device->stream));
    return TTS_OK;
}

int32_t synchronize(Device* device) {
    CUDA_CHECK(cudaStreamSynchronize(device->stream));
    return TTS_OK;
}

}  // namespace tts::cuda
