#include <cuda_runtime.h>
#include <cufft.h>

#include <cmath>
#include <vector>

#include "cufft_stft.h"
#include "ttsnative.h"

namespace {

constexpr int kFrame = TTS_ANALYSIS_FRAME;
constexpr int kHop = TTS_ANALYSIS_HOP;
constexpr int kFft = TTS_ANALYSIS_FFT;
constexpr int kBins = TTS_ANALYSIS_BINS;

__global__ void frame_kernel(const float* audio, const float* window, float* frames,
                             int64_t total) {
    const int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < total) {
        const int64_t f = i / kFft;
        const int j = int(i - f * kFft);
        frames[i] = j < kFrame ? audio[f * kHop + j] * window[j] : 0.0f;
    }
}

__global__ void power_kernel(const cufftComplex* spectra, float* power, int64_t total) {
    const int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < total) {
        power[i] = spectra[i].x * spectra[i].x + spectra[i].y * spectra[i].y;
    }
}

bool ok(cudaError_t e, std::string* error) {
    if (e != cudaSuccess && error != nullptr) {
        *error = cudaGetErrorString(e);
    }
    return e == cudaSuccess;
}

}  // namespace

struct CufftStft {
    int64_t n = 0;
    int frames = 0;
    cudaStream_t stream = nullptr;
    cufftHandle plan = 0;
    bool planned = false;
    float *audio = nullptr, *window = nullptr, *frames_buf = nullptr, *power = nullptr;
    cufftComplex* spectra = nullptr;
};

void cufft_stft_destroy(CufftStft* s) {
    if (s == nullptr) {
        return;
    }
    if (s->planned) {
        cufftDestroy(s->plan);
    }
    for (void* p : {static_cast<void*>(s->audio), static_cast<void*>(s->window),
                    static_cast<void*>(s->frames_buf), static_cast<void*>(s->power),
                    static_cast<void*>(s->spectra)}) {
        cudaFree(p);
    }
    if (s->stream != nullptr) {
        cudaStreamDestroy(s->stream);
    }
    delete s;
}

CufftStft* cufft_stft_create(int64_t n, std::string* error) {
    auto* s = new CufftStft;
    s->n = n;
    s->frames = n < kFrame ? 0 : int(1 + (n - kFrame) / kHop);
    const size_t f = size_t(s->frames);
    std::vector<float> w(kFrame);
    for (int j = 0; j < kFrame; ++j) {
        w[size_t(j)] = float(0.5 - 0.5 * std::cos(2.0 * 3.14159265358979323846 * j / kFrame));
    }
    const bool ready =
        ok(cudaStreamCreate(&s->stream), error) &&
        ok(cudaMalloc(&s->audio, size_t(n) * sizeof(float)), error) &&
        ok(cudaMalloc(&s->window, kFrame * sizeof(float)), error) &&
        ok(cudaMalloc(&s->frames_buf, f * kFft * sizeof(float)), error) &&
        ok(cudaMalloc(&s->power, f * kBins * sizeof(float)), error) &&
        ok(cudaMalloc(&s->spectra, f * kBins * sizeof(cufftComplex)), error) &&
        ok(cudaMemcpy(s->window, w.data(), kFrame * sizeof(float), cudaMemcpyHostToDevice), error);
    if (!ready) {
        cufft_stft_destroy(s);
        return nullptr;
    }
    if (cufftPlan1d(&s->plan, kFft, CUFFT_R2C, s->frames) != CUFFT_SUCCESS ||
        cufftSetStream(s->plan, s->stream) != CUFFT_SUCCESS) {
        *error = "cufftPlan1d failed";
        cufft_stft_destroy(s);
        return nullptr;
    }
    s->planned = true;
    return s;
}

bool cufft_stft_run(CufftStft* s, const float* audio, float* out_power, std::string* error) {
    const int64_t framed = int64_t(s->frames) * kFft, bins = int64_t(s->frames) * kBins;
    if (!ok(cudaMemcpyAsync(s->audio, audio, size_t(s->n) * sizeof(float), cudaMemcpyHostToDevice,
                            s->stream),
            error)) {
        return false;
    }
    frame_kernel<<<unsigned((framed + 255) / 256), 256, 0, s->stream>>>(s->audio, s->window,
                                                                        s->frames_buf, framed);
    if (cufftExecR2C(s->plan, s->frames_buf, s->spectra) != CUFFT_SUCCESS) {
        *error = "cufftExecR2C failed";
        return false;
    }
    power_kernel<<<unsigned((bins + 255) / 256), 256, 0, s->stream>>>(s->spectra, s->power, bins);
    return ok(cudaMemcpyAsync(out_power, s->power, size_t(bins) * sizeof(float),
                              cudaMemcpyDeviceToHost, s->stream),
              error) &&
           ok(cudaStreamSynchronize(s->stream), error);
}
