#!/usr/bin/env bash
# Makes the folder a CUDA host with only its NVIDIA driver needs to run every GPU check of this repo
# (./build.sh gpu-bundle calls it after building the native library with CUDA):
#   check.sh          runs the checks and prints one summary table (tools/gpu-check.sh)
#   env.sh            for running things by hand: unpacks the runtime, espeak-ng and the app, sets the environment
#   dotnet-rt.tar.xz  the .NET runtime of this machine's SDK (Microsoft.NETCore.App + AspNetCore.App)
#   espeak.tar.xz     espeak-ng's library, the libraries it needs and its data
#   app.tar.xz        tests/TtsGrpc.Tests published, with libttsnative.so, linux-x64 native assets only
#   native/           libttsnative.so, the CUDA test and bench binaries, and the bench sources with the
#                     header so a host with nvcc can build the cuFFT baseline of bench_analysis
#   MANIFEST          commit, toolkit, architectures, date
# Usage: tools/gpu-bundle.sh [OUT_DIR] (default .device, git-ignored). The result must stay under 64 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.device}
build=${BUILD_DIR:-build}
config=${CONFIG:-Release}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/ttsgrpc-gpu-bundle
limit=$((64 * 1024 * 1024))
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

probe=$("$build/native/tests/test_probe" 2>&1 | head -1 || true)
if [[ $probe != *"CUDA kernels compiled: 1"* ]]; then
  echo "libttsnative in $build was built without CUDA kernels ($probe); install a CUDA toolkit (./build.sh cuda-toolkit) and rebuild" >&2
  exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out" "$cache"
rm -rf "${out:?}"/*

log "publishing tests/TtsGrpc.Tests ($config)"
dotnet publish tests/TtsGrpc.Tests -c "$config" -o "$stage/app" -nologo -v quiet
cp -f "$build/native/libttsnative.so" "$stage/app/"
if [[ -d $stage/app/runtimes ]]; then
  find "$stage/app/runtimes" -mindepth 1 -maxdepth 1 ! -name linux-x64 -exec rm -rf {} +
  rm -f "$stage"/app/runtimes/linux-x64/native/librocksdb-{jemalloc,musl}.so
fi
tar -C "$stage/app" -I 'xz -T0' -cf "$out/app.tar.xz" .

# The runtime: only the frameworks' newest versions, cached per version (packing takes a minute).
root=$(dirname "$(readlink -f "$(command -v dotnet)")")
ver=$(ls "$root/shared/Microsoft.NETCore.App" | sort -V | tail -1)
asp=$(ls "$root/shared/Microsoft.AspNetCore.App" | sort -V | tail -1)
runtime=$cache/dotnet-rt-$ver-$asp.tar.xz
if [[ ! -f $runtime ]]; then
  log "packing the .NET runtime $ver (once; cached in $cache)"
  tar -C "$root" -I 'xz -T0' -cf "$runtime.tmp" dotnet host "shared/Microsoft.NETCore.App/$ver" "shared/Microsoft.AspNetCore.App/$asp"
  mv "$runtime.tmp" "$runtime"
fi
cp "$runtime" "$out/dotnet-rt.tar.xz"

lib=$(ldconfig -p | awk '/libespeak-ng.so.1 /{print $NF; exit}')
if [[ -n $lib ]]; then
  espeak=$cache/espeak.tar.xz
  if [[ ! -f $espeak ]]; then
    log "packing espeak-ng (once)"
    mkdir -p "$stage/espeak/lib"
    cp -L "$lib" "$stage/espeak/lib/"
    # the library's own closure, minus the C runtime every machine has
    ldd "$lib" | awk '/=> \//{print $3}' | grep -vE '/(libc|libm|libpthread|libdl|librt|ld-linux[^/]*|libstdc\+\+|libgcc_s)\.so' \
      | while read -r so; do cp -L "$so" "$stage/espeak/lib/"; done
    cp -r "$(dirname "$lib")/espeak-ng-data" "$stage/espeak/"
    tar -C "$stage/espeak" -I 'xz -T0' -cf "$espeak" lib espeak-ng-data
  fi
  cp "$espeak" "$out/espeak.tar.xz"
else
  echo "espeak-ng is not installed here: the .NET GPU tests will fail on the host without it" >&2
fi

log "native binaries"
mkdir -p "$out/native/lib" "$out/native/bin" "$out/native/src/include" "$out/native/src/bench"
cp "$build/native/libttsnative.so" "$out/native/lib/"
for t in test_probe test_cuda_vs_cpu test_cuda_analysis; do cp "$build/native/tests/$t" "$out/native/bin/"; done
cp "$build/native/bench/bench_output_stage" "$out/native/bin/"
# bench_analysis without cuFFT: this machine's libcufft is not the host's; check.sh builds the
# cuFFT variant there when the host has nvcc.
"${CXX:-c++}" -O2 -std=c++17 -I native/include native/bench/bench_analysis.cpp -L "$build/native" -lttsnative \
  -o "$out/native/bin/bench_analysis"
cp native/include/ttsnative.h "$out/native/src/include/"
cp native/bench/bench_analysis.cpp native/bench/cufft_stft.cu native/bench/cufft_stft.h native/bench/timing.h "$out/native/src/bench/"

cp tools/gpu-check.sh "$out/check.sh"
cat >"$out/env.sh" <<'ENV'
# source this on the CUDA host to run things by hand: unpacks the bundle into /tmp/ttsgrpc-check (as
# check.sh does) and sets the environment; the app (the published tests) lands in /tmp/ttsgrpc-check/app.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=${TTS_CHECK_DIR:-/tmp/ttsgrpc-check}
if [[ ! -x $work/dotnet/dotnet ]]; then mkdir -p "$work/dotnet" && tar -xJf "$here/dotnet-rt.tar.xz" -C "$work/dotnet"; fi
if [[ -f $here/espeak.tar.xz && ! -d $work/espeak ]]; then mkdir -p "$work/espeak" && tar -xJf "$here/espeak.tar.xz" -C "$work/espeak"; fi
if [[ ! -d $work/app ]]; then mkdir -p "$work/app" && tar -xJf "$here/app.tar.xz" -C "$work/app"; fi
export DOTNET_ROOT=$work/dotnet PATH=$work/dotnet:$PATH DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export LD_LIBRARY_PATH=$here/native/lib:$work/espeak/lib:${LD_LIBRARY_PATH:-} ESPEAK_DATA_PATH=$work/espeak
ENV
archs=$(sed -n 's/^CMAKE_CUDA_ARCHITECTURES[^=]*=//p' "$build/CMakeCache.txt" | head -1)
[[ -n $archs ]] || archs=$(grep -o 'set(CMAKE_CUDA_ARCHITECTURES "[^"]*' native/CMakeLists.txt | cut -d'"' -f2)
{
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- native src tests || echo ' (with uncommitted changes)')"
  echo "built $(date -u +%Y-%m-%dT%H:%MZ) on $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "nvcc $(nvcc --version | sed -n 's/.*release \([0-9.]*\).*/\1/p'), CUDA architectures $archs"
  echo ".NET runtime $ver"
} >"$out/MANIFEST"

size=$(du -sb "$out" | cut -f1)
du -sh "$out"/* >&2
echo "$out: $((size / 1024 / 1024)) MiB ($size bytes); on the CUDA host: bash $out/check.sh" >&2
if ((size > limit)); then
  echo "the bundle is over 64 MiB" >&2
  exit 1
fi
