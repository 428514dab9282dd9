// The fused output stage: pcm16 -> gain -> resample -> encode, one kernel per batch.
#ifndef TTS_CUDA_OUTPUT_STAGE_CUH
#define TTS_CUDA_OUTPUT_STAGE_CUH

#include "cuda/common.cuh"
#include "cuda/resample.cuh"

namespace tts::cuda {

// p.taps == 0 (table unused) when the rates are equal. scale = gain / 32768 computed on the
// host; out_offsets are byte offsets; max_out is the longest clip's output length in samples.
cudaError_t launch_output_stage(const int16_t* in, const int64_t* in_offsets, int32_t batch,
                                int64_t max_out, Polyphase p, const float* table, float scale,
                                int32_t encoding, uint8_t* out, const int64_t* out_offsets,
                                cudaStream_t stream);

}  // namespace tts::cuda

#endif
