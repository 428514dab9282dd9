// The CUDA backend's operations: H2D copies, one kernel, D2H copy, all on the context's stream,
// synchronized before returning.
#include <algorithm>

#include "common/encoding.h"
#include "common/resample_filter.h"
#include "cuda/alaw.cuh"
#include "cuda/convert.cuh"
#include "cuda/device.cuh"
#include "cuda/mulaw.cuh"
#include "cuda/output_stage.cuh"
#include "cuda/resample.cuh"

namespace tts::cuda {
namespace {

int32_t download(Device* device, void* dst, const DeviceBuffer& buffer, size_t bytes) {
    CUDA_CHECK(cudaMemcpyAsync(dst, buffer.ptr, bytes, cudaMemcpyDeviceToHost, device->stream));
    CUDA_CHECK(cudaStreamSynchronize(device->stream));
    return TTS_OK;
}

int64_t longest_clip(const int64_t* offsets, int32_t batch, int64_t unit) {
    int64_t longest = 0;
    for (int32_t i = 0; i < batch; ++i) {
        longest = std::max(longest, (offsets[i + 1] - offsets[i]) / unit);
    }
    return longest;
}

// Copies both offset arrays and the input; common to the batched ops.
int32_t upload_batch(Device* device, const void* in, size_t in_bytes, const int64_t* in_offsets,
                     const int64_t* out_offsets, int32_t batch) {
    const size_t offset_bytes = (size_t(batch) + 1) * sizeof(int64_t);
    if (int32_t s = upload(device, device->in, in, in_bytes)) {
        return s;
    }
    if (int32_t s = upload(device, device->in_offsets, in_offsets, offset_bytes)) {
        return s;
    }
    return upload(device, device->out_offsets, out_offsets, offset_bytes);
}

// The staging every elementwise op shares: activate, copy n inputs up, size the output buffer.
int32_t stage_elementwise(Device* device, const void* in, size_t in_bytes, size_t out_bytes) {
    if (int32_t s = activate(device)) {
        return s;
    }
    if (int32_t s = upload(device, device->in, in, in_bytes)) {
        return s;
    }
    return reserve(device->out, out_bytes);
}

}  // namespace

int32_t pcm16_to_float(Device* device, const int16_t* in, int64_t n, float gain, float* out) {
    if (n == 0) {
        return TTS_OK;
    }
    if (int32_t s =
            stage_elementwise(device, in, size_t(n) * sizeof(int16_t), size_t(n) * sizeof(float))) {
        return s;
    }
    // Same scale the CPU uses: gain / 32768 is exact, so the product rounds once.
    CUDA_CHECK(launch_pcm16_to_float(static_cast<const int16_t*>(device->in.ptr), n,
                                     gain / 32768.0f, static_cast<float*>(device->out.ptr),
                                     device->stream));
    return download(device, out, device->out, size_t(n) * sizeof(float));
}

int32_t float_to_pcm16(Device* device, const float* in, int64_t n, float gain, int16_t* out) {
    if (n == 0) {
        return TTS_OK;
    }
    if (int32_t s =
            stage_elementwise(device, in, size_t(n) * sizeof(float), size_t(n) * sizeof(int16_t))) {
        return s;
    }
    CUDA_CHECK(launch_float_to_pcm16(static_cast<const float*>(device->in.ptr), n, gain,
                                     static_cast<int16_t*>(device->out.ptr), device->stream));
    return download(device, out, device->out, size_t(n) * sizeof(int16_t));
}

int32_t mulaw_encode(Device* device, const int16_t* in, int64_t n, uint8_t* out) {
    if (n == 0) {
        return TTS_OK;
    }
    if (int32_t s = stage_elementwise(device, in, size_t(n) * sizeof(int16_t), size_t(n))) {
        return s;
    }
    CUDA_CHECK(launch_mulaw_encode(static_cast<const int16_t*>(device->in.ptr), n,
                                   static_cast<uint8_t*>(device->out.ptr), device->stream));
    return download(device, out, device->out, size_t(n));
}

int32_t alaw_encode(Device* device, const int16_t* in, int64_t n, uint8_t* out) {
    if (n == 0) {
        return TTS_OK;
    }
    if (int32_t s = stage_elementwise(device, in, size_t(n) * sizeof(int16_t), size_t(n))) {
        return s;
    }
    CUDA_CHECK(launch_alaw_encode(static_cast<const int16_t*>(device->in.ptr), n,
                                  static_cast<uint8_t*>(device->out.ptr), device->stream));
    return download(device, out, device->out, size_t(n));
}

int32_t resample(Device* device, const ResampleFilter& filter, const float* in,
                 const int64_t* in_offsets, int32_t batch, float* out, const int64_t* out_offsets) {
    const size_t out_bytes = size_t(out_offsets[batch]) * sizeof(float);
    if (out_bytes == 0) {
        return TTS_OK;
    }
    if (int32_t s = activate(device)) {
        return s;
    }
    const float* table = nullptr;
    if (int32_t s = table_for(device, filter, &table)) {
        return s;
    }
    const size_t in_bytes = size_t(in_offsets[batch]) * sizeof(float);
    if (int32_t s = upload_batch(device, in, in_bytes, in_offsets, out_offsets, batch)) {
        return s;
    }
    if (int32_t s = reserve(device->out, out_bytes)) {
        return s;
    }
    CUDA_CHECK(launch_resample(static_cast<const float*>(device->in.ptr),
                               static_cast<const int64_t*>(device->in_offsets.ptr), batch,
                               longest_clip(out_offsets, batch, 1), polyphase_of(&filter), table,
                               static_cast<float*>(device->out.ptr),
                               static_cast<const int64_t*>(device->out_offsets.ptr),
                               device->stream));
    return download(device, out, device->out, out_bytes);
}

int32_t output_stage(Device* device, const ResampleFilter* filter, const int16_t* in,
                     const int64_t* in_offsets, int32_t batch, float gain, int32_t encoding,
                     uint8_t* out, const int64_t* out_offsets) {
    const size_t out_bytes = size_t(out_offsets[batch]);
    if (out_bytes == 0) {
        return TTS_OK;
    }
    if (int32_t s = activate(device)) {
        return s;
    }
    const float* table = nullptr;
    if (filter != nullptr) {
        if (int32_t s = table_for(device, *filter, &table)) {
            return s;
        }
    }
    const size_t in_bytes = size_t(in_offsets[batch]) * sizeof(int16_t);
    if (int32_t s = upload_batch(device, in, in_bytes, in_offsets, out_offsets, batch)) {
        return s;
    }
    if (int32_t s = reserve(device->out, out_bytes)) {
        return s;
    }
    CUDA_CHECK(launch_output_stage(
        static_cast<const int16_t*>(device->in.ptr),
        static_cast<const int64_t*>(device->in_offsets.ptr), batch,
        longest_clip(out_offsets, batch, encoding_bytes(encoding)), polyphase_of(filter), table,
        gain / 32768.0f, encoding, static_cast<uint8_t*>(device->out.ptr),
        static_cast<const int64_t*>(device->out_offsets.ptr), device->stream));
    return download(device, out, device->out, out_bytes);
}

}  // namespace tts::cuda
