// Output encodings as the C ABI numbers them; shared by host and device code.
#ifndef TTS_COMMON_ENCODING_H
#define TTS_COMMON_ENCODING_H

#include <cstdint>

#include "ttsnative.h"

#if defined(__CUDACC__)
#define TTS_HOST_DEVICE __host__ __device__
#else
#define TTS_HOST_DEVICE
#endif

namespace tts {

// Bytes per encoded sample, 0 for an unknown encoding.
TTS_HOST_DEVICE constexpr int32_t encoding_bytes(int32_t encoding) {
    switch (encoding) {
        case TTS_ENCODING_LINEAR16:
            return 2;
        case TTS_ENCODING_FLOAT32:
            return 4;
        case TTS_ENCODING_MULAW:
        case TTS_ENCODING_ALAW:
            return 1;
        default:
            return 0;
    }
}

}  // namespace tts

#endif
