// The probe run at CUDA context creation: a kernel writes probe_value(i) for kProbeCount
// elements and the host checks each against the same function (its CPU twin). A device the
// binary has no kernel image for, or a broken driver, fails here instead of at the first call.
#ifndef TTS_COMMON_PROBE_H
#define TTS_COMMON_PROBE_H

#include <cstdint>

#include "common/encoding.h"  // TTS_HOST_DEVICE

namespace tts {

constexpr int32_t kProbeCount = 256;

// Integer math only, so host and device agree exactly; every element differs from its neighbours.
TTS_HOST_DEVICE inline int32_t probe_value(int32_t i) { return i * 2654435 + 12345; }

// The environment switch for tests: set to anything but "" or "0", the probe reports a failure
// without launching, as if the device could not run our kernels.
constexpr const char* kProbeFailVariable = "TTS_CUDA_PROBE_FAIL";

}  // namespace tts

#endif
