// The analysis STFT (400-sample Hann frames every 160 samples, 512-point FFT) and the frame
// energies that decide activity.
#ifndef TTS_CUDA_STFT_CUH
#define TTS_CUDA_STFT_CUH

#include "cuda/common.cuh"
#include "cuda/device.cuh"

namespace tts::cuda {

// power: frames x kBins, |X[k]|^2 of each windowed frame; one block per frame.
cudaError_t launch_stft_power(const float* audio, int32_t frames, const SpectralTables& tables,
                              float* power, cudaStream_t stream);

// energy[f]: mean square of the 400 samples of frame f; one thread per frame.
cudaError_t launch_frame_energies(const float* audio, int64_t n, int32_t frames, float* energy,
                                  cudaStream_t stream);

}  // namespace tts::cuda

#endif
