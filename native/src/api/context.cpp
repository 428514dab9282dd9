#include "api/context.h"

namespace tts {

const ResampleFilter& FilterCache::get(int32_t in_rate, int32_t out_rate) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& f : filters_) {
        if (f->in_rate == in_rate && f->out_rate == out_rate) {
            return *f;
        }
    }
    filters_.push_back(std::make_unique<ResampleFilter>(design_resample_filter(in_rate, out_rate)));
    return *filters_.back();
}

}  // namespace tts
