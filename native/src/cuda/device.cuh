// Per-context device state: stream, growable scratch buffers, coefficient tables.
#ifndef TTS_CUDA_DEVICE_CUH
#define TTS_CUDA_DEVICE_CUH

#include <vector>

#include "common/resample_filter.h"
#include "cuda/backend.h"
#include "cuda/common.cuh"

namespace tts::cuda {

struct DeviceBuffer {
    void* ptr = nullptr;
    size_t bytes = 0;
};

struct DeviceTable {
    int32_t in_rate;
    int32_t out_rate;
    float* coeffs;
};

// Makes this device current on the calling thread (contexts may move between threads).
int32_t activate(Device* device);
// Grows buffer to at least bytes; its old contents are not kept.
int32_t reserve(DeviceBuffer& buffer, size_t bytes);
// Reserves buffer and copies bytes of src into it on the device's stream.
int32_t upload(Device* device, DeviceBuffer& buffer, const void* src, size_t bytes);
// The filter's coefficients on the device, uploaded on first use of its rate pair.
int32_t table_for(Device* device, const ResampleFilter& filter, const float** out_coeffs);

}  // namespace tts::cuda

struct tts::cuda::Device {
    Device() = default;
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;
    ~Device();

    int id = 0;
    cudaStream_t stream = nullptr;
    DeviceBuffer in;
    DeviceBuffer out;
    DeviceBuffer in_offsets;
    DeviceBuffer out_offsets;
    std::vector<DeviceTable> tables;
    char description[256] = "";
};

#endif
