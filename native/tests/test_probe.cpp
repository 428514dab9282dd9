// The backend choice at context creation and the probe kernel behind it. ctest runs this twice:
// as test_probe, and as test_probe_forced_fail with TTS_CUDA_PROBE_FAIL=1, the switch that makes
// the probe fail on a device that would pass it. Each run checks what its environment implies,
// so both mean something with and without a GPU:
//  - AUTO: CPU with a reason (built without CUDA, no device answers, or the probe failed on a
//    named device), or CUDA with no reason when a device passes the probe.
//  - CUDA: fails with a message naming CUDA (and the device and the probe when there is one),
//    or succeeds on a device that passes the probe.
#include <cstdlib>
#include <cstring>
#include <string>

#include "check.h"

namespace {

bool forced() {
    const char* v = std::getenv("TTS_CUDA_PROBE_FAIL");
    return v != nullptr && v[0] != '\0' && std::strcmp(v, "0") != 0;
}

bool contains(const std::string& text, const char* part) {
    return text.find(part) != std::string::npos;
}

std::string reason_of(const tts_context* context) {
    char text[512];
    CHECK_OK(tts_context_fallback_reason(context, text, sizeof text));
    return text;
}

}  // namespace

int main() {
    int32_t compiled = 0, devices = 0;
    CHECK_OK(tts_cuda_compiled(&compiled));
    CHECK_OK(tts_cuda_device_count(&devices));
    std::printf("CUDA kernels compiled: %d, devices: %d, TTS_CUDA_PROBE_FAIL: %s\n", compiled,
                devices, forced() ? "set" : "not set");

    tts_context* autoc = nullptr;
    CHECK_OK(tts_context_create(TTS_BACKEND_AUTO, &autoc));
    int32_t backend = -1;
    CHECK_OK(tts_context_backend(autoc, &backend));
    const std::string reason = reason_of(autoc);
    std::printf("AUTO: %s; fallback reason: \"%s\"\n", backend == TTS_BACKEND_CUDA ? "cuda" : "cpu",
                reason.c_str());
    if (!compiled) {
        CHECK(backend == TTS_BACKEND_CPU);
        CHECK(contains(reason, "built without CUDA kernels"));
    } else if (devices == 0) {
        CHECK(backend == TTS_BACKEND_CPU);
        CHECK(reason.rfind("no CUDA device answers (", 0) == 0);
    } else if (forced()) {
        CHECK(backend == TTS_BACKEND_CPU);
        CHECK(contains(reason, "the CUDA probe kernel failed on cuda:0 "));
        CHECK(contains(reason, "TTS_CUDA_PROBE_FAIL"));
    } else {
        // A device answers and the probe ran: a failure here is a real finding (no kernel image
        // for this GPU, or a broken driver); the reason says which.
        CHECK(backend == TTS_BACKEND_CUDA);
        CHECK(reason.empty());
    }
    CHECK((backend == TTS_BACKEND_CPU) == !reason.empty());
    char described[256];
    CHECK_OK(tts_context_describe(autoc, described, sizeof described));
    CHECK(backend == TTS_BACKEND_CPU ? std::string(described) == "cpu"
                                     : contains(described, "cuda:0"));
    // A CPU context from AUTO works like any other.
    const int16_t pcm[3] = {-32768, 0, 16384};
    float f[3] = {1, 1, 1};
    CHECK_OK(tts_pcm16_to_float(autoc, pcm, 3, 1.0f, f));
    CHECK(f[0] == -1.0f && f[1] == 0.0f && f[2] == 0.5f);
    CHECK_OK(tts_context_destroy(autoc));

    tts_context* cuda = reinterpret_cast<tts_context*>(0x1);
    const int32_t status = tts_context_create(TTS_BACKEND_CUDA, &cuda);
    const std::string message = tts_last_error();
    std::printf("CUDA: status %d; %s\n", status, status == TTS_OK ? "created" : message.c_str());
    if (!compiled) {
        CHECK(status == TTS_ERR_UNSUPPORTED);
        CHECK(contains(message, "without CUDA kernels"));
    } else if (devices == 0) {
        CHECK(status == TTS_ERR_DEVICE);
        CHECK(contains(message, "CUDA requested but no CUDA device answers ("));
    } else if (forced()) {
        CHECK(status == TTS_ERR_DEVICE);
        CHECK(contains(message, "CUDA requested but the CUDA probe kernel failed on cuda:0 "));
        CHECK(contains(message, "TTS_CUDA_PROBE_FAIL"));
    } else {
        CHECK(status == TTS_OK);
    }
    CHECK(status == TTS_OK ? cuda != nullptr : cuda == nullptr);
    if (status == TTS_OK) {
        CHECK(reason_of(cuda).empty());
        CHECK_OK(tts_context_destroy(cuda));
    }
    return check::finish(forced() ? "test_probe (TTS_CUDA_PROBE_FAIL=1)" : "test_probe");
}
