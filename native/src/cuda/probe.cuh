// The context-creation probe (common/probe.h): one tiny launch whose result the host checks.
#ifndef TTS_CUDA_PROBE_CUH
#define TTS_CUDA_PROBE_CUH

#include "cuda/common.cuh"

namespace tts::cuda {

struct Device;

// Launches the probe kernel, copies its kProbeCount results back, synchronizes and checks them.
// A failure (no kernel image for this GPU, a driver fault, a wrong value, or the test switch)
// returns TTS_ERR_DEVICE with a message naming the device (its description must be set).
int32_t run_probe(Device* device);

}  // namespace tts::cuda

#endif
