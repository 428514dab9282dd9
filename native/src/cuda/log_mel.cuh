// Log-mel energies of power spectra.
#ifndef TTS_CUDA_LOG_MEL_CUH
#define TTS_CUDA_LOG_MEL_CUH

#include "cuda/common.cuh"
#include "cuda/device.cuh"

namespace tts::cuda {

// out: frames x kMelBands from power: frames x kBins; one thread per (frame, band).
cudaError_t launch_log_mel(const float* power, int32_t frames, const SpectralTables& tables,
                           float* out, cudaStream_t stream);

}  // namespace tts::cuda

#endif
