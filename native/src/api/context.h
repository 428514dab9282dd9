// The opaque tts_context behind the C ABI.
#ifndef TTS_API_CONTEXT_H
#define TTS_API_CONTEXT_H

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/resample_filter.h"
#include "cuda/backend.h"

namespace tts {

// Filters designed once per (in_rate, out_rate) pair; services use a handful of pairs. Safe to
// share between threads: a filter is never moved or freed before the context is destroyed.
class FilterCache {
public:
    const ResampleFilter& get(int32_t in_rate, int32_t out_rate);

private:
    std::mutex mutex_;
    std::vector<std::unique_ptr<ResampleFilter>> filters_;
};

}  // namespace tts

struct tts_context {
    tts_context() = default;
    tts_context(const tts_context&) = delete;
    tts_context& operator=(const tts_context&) = delete;
    ~tts_context() { tts::cuda::destroy_device(device); }

    int32_t backend = 0;
    tts::FilterCache filters;
    tts::cuda::Device* device = nullptr;  // set on CUDA contexts only
    // Why an AUTO context runs on the CPU; empty on CUDA and on requested CPU contexts.
    std::string fallback_reason;
};

#endif
