// Per-context device state: stream, growable scratch buffers, coefficient tables.
#ifndef TTS_CUDA_DEVICE_CUH
#define TTS_CUDA_DEVICE_CUH

#include <vector>

#include "common/fft_math.h"
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

// The analysis tables of common/spectral.h on the device, uploaded on first use.
struct SpectralTables {
    Complex* twiddles = nullptr;   // kTwiddles entries
    float* window = nullptr;       // the 400-point analysis window
    float* mel_weights = nullptr;  // kMelBands x kBins
    int32_t* mel_first = nullptr;  // kMelBands
    int32_t* mel_end = nullptr;    // kMelBands
};

// Carves 256-byte aligned pieces out of one device buffer. A first pass with a null base only
// measures; the second, on the reserved buffer, hands out the pointers.
class Arena {
public:
    explicit Arena(void* base) : base_(static_cast<char*>(base)) {}
    template <typename T>
    T* take(size_t count) {
        const size_t at = (used_ + 255) / 256 * 256;
        used_ = at + count * sizeof(T);
        return base_ == nullptr ? nullptr : reinterpret_cast<T*>(base_ + at);
    }
    size_t used() const { return used_; }

private:
    char* base_;
    size_t used_ = 0;
};

// Makes this device current on the calling thread (contexts may move between threads).
int32_t activate(Device* device);
// Grows buffer to at least bytes; its old contents are not kept.
int32_t reserve(DeviceBuffer& buffer, size_t bytes);
// Reserves buffer and copies bytes of src into it on the device's stream.
int32_t upload(Device* device, DeviceBuffer& buffer, const void* src, size_t bytes);
// The filter's coefficients on the device, uploaded on first use of its rate pair.
int32_t table_for(Device* device, const ResampleFilter& filter, const float** out_coeffs);
int32_t spectral_tables(Device* device, const SpectralTables** out_tables);
// activate + spectral_tables.
int32_t prepare_spectral(Device* device, const SpectralTables** tables);

// Copies bytes from the device to host memory on the device's stream (no synchronization).
int32_t download_async(Device* device, void* dst, const void* src, size_t bytes);
int32_t synchronize(Device* device);

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
    DeviceBuffer work;        // the arena of the analysis and render ops
    SpectralTables spectral;  // complete once mel_end is set (uploaded last)
    char description[256] = "";
};

namespace tts::cuda {

// Lays out the work arena: layout(Arena&) takes its pieces; run once to measure, then on the
// reserved buffer to hand out the pointers.
template <typename Layout>
int32_t carve(Device* device, Layout&& layout) {
    Arena measure(nullptr);
    layout(measure);
    if (int32_t s = reserve(device->work, measure.used())) {
        return s;
    }
    Arena arena(device->work.ptr);
    layout(arena);
    return TTS_OK;
}

}  // namespace tts::cuda

#endif
