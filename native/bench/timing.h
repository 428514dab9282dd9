// Shared by the native benchmarks: median wall time of a call after warm-up.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <vector>

// Median ms of body() after two warm-up calls: at least 5 runs, more within budget_s (<= 200).
// NaN when a call fails.
inline double median_ms(const std::function<bool()>& body, double budget_s) {
    for (int i = 0; i < 2; ++i) {
        if (!body()) {
            return NAN;
        }
    }
    std::vector<double> times;
    const auto start = std::chrono::steady_clock::now();
    while (times.size() < 5 ||
           (times.size() < 200 &&
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() <
                budget_s)) {
        const auto t0 = std::chrono::steady_clock::now();
        if (!body()) {
            return NAN;
        }
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}
