// The CUDA backend's analysis ops: copy in, run the kernels on the context's stream, copy the
// results back and synchronize before returning.
#include <vector>

#include "common/profile.h"
#include "common/spectral.h"
#include "cuda/device.cuh"
#include "cuda/fft.cuh"
#include "cuda/log_mel.cuh"
#include "cuda/stft.cuh"
#include "cuda/voice_stats.cuh"
#include "cuda/yin.cuh"

namespace tts::cuda {
int32_t fft(Device* device, const float* in, int32_t n, int32_t batch, bool inverse, float* out) {
    const SpectralTables* tables = nullptr;
    if (int32_t s = prepare_spectral(device, &tables)) {
        return s;
    }
    const size_t count = size_t(n) * size_t(batch);
    Complex *d_in = nullptr, *d_out = nullptr;
    if (int32_t s = carve(device, [&](Arena& a) {
            d_in = a.take<Complex>(count);
            d_out = a.take<Complex>(count);
        })) {
        return s;
    }
    CUDA_CHECK(
        cudaMemcpyAsync(d_in, in, count * sizeof(Complex), cudaMemcpyHostToDevice, device->stream));
    CUDA_CHECK(launch_fft(d_in, d_out, n, batch, inverse, tables->twiddles, device->stream));
    if (int32_t s = download_async(device, out, d_out, count * sizeof(Complex))) {
        return s;
    }
    return synchronize(device);
}

int32_t stft_power(Device* device, const float* audio, int64_t n, float* out_power) {
    const SpectralTables* tables = nullptr;
    if (int32_t s = prepare_spectral(device, &tables)) {
        return s;
    }
    const int32_t frames = int32_t(analysis_frames(n));
    float *d_audio = nullptr, *d_power = nullptr;
    if (int32_t s = carve(device, [&](Arena& a) {
            d_audio = a.take<float>(size_t(n));
            d_power = a.take<float>(size_t(frames) * kBins);
        })) {
        return s;
    }
    CUDA_CHECK(cudaMemcpyAsync(d_audio, audio, size_t(n) * sizeof(float), cudaMemcpyHostToDevice,
                               device->stream));
    CUDA_CHECK(launch_stft_power(d_audio, frames, *tables, d_power, device->stream));
    if (int32_t s =
            download_async(device, out_power, d_power, size_t(frames) * kBins * sizeof(float))) {
        return s;
    }
    return synchronize(device);
}

int32_t log_mel(Device* device, const float* power, int32_t frames, float* out) {
    const SpectralTables* tables = nullptr;
    if (int32_t s = prepare_spectral(device, &tables)) {
        return s;
    }
    float *d_power = nullptr, *d_mel = nullptr;
    if (int32_t s = carve(device, [&](Arena& a) {
            d_power = a.take<float>(size_t(frames) * kBins);
            d_mel = a.take<float>(size_t(frames) * kMelBands);
        })) {
        return s;
    }
    CUDA_CHECK(cudaMemcpyAsync(d_power, power, size_t(frames) * kBins * sizeof(float),
                               cudaMemcpyHostToDevice, device->stream));
    CUDA_CHECK(launch_log_mel(d_power, frames, *tables, d_mel, device->stream));
    if (int32_t s =
            download_async(device, out, d_mel, size_t(frames) * kMelBands * sizeof(float))) {
        return s;
    }
    return synchronize(device);
}

int32_t yin(Device* device, const float* audio, int64_t n, float fmin, float fmax, float* f0,
            float* confidence) {
    if (int32_t s = activate(device)) {
        return s;
    }
    const int32_t frames = int32_t(analysis_frames(n));
    float *d_audio = nullptr, *d_f0 = nullptr, *d_conf = nullptr;
    if (int32_t s = carve(device, [&](Arena& a) {
            d_audio = a.take<float>(size_t(n));
            d_f0 = a.take<float>(size_t(frames));
            d_conf = a.take<float>(size_t(frames));
        })) {
        return s;
    }
    CUDA_CHECK(cudaMemcpyAsync(d_audio, audio, size_t(n) * sizeof(float), cudaMemcpyHostToDevice,
                               device->stream));
    CUDA_CHECK(launch_yin(d_audio, n, frames, yin_lags(fmin, fmax), d_f0, d_conf, device->stream));
    if (int32_t s = download_async(device, f0, d_f0, size_t(frames) * sizeof(float))) {
        return s;
    }
    if (int32_t s = download_async(device, confidence, d_conf, size_t(frames) * sizeof(float))) {
        return s;
    }
    return synchronize(device);
}

}  // namespace tts::cuda
