#!/usr/bin/env bash
# Every GPU check of TtsGrpc in one call, on a CUDA host that has nothing but its NVIDIA driver (no
# .NET, no espeak-ng, no network). ./build.sh gpu-bundle copies this file to .device/check.sh next
# to what it runs; on the host:   bash .device/check.sh
#
# Steps, each under its own timeout, all within CHECK_BUDGET_S seconds (default 470; a step that no
# longer fits is reported as skipped): the device, the probe kernel (test_probe, with and without
# TTS_CUDA_PROBE_FAIL), the CUDA-vs-CPU kernel tests, the .NET Category=Gpu tests, bench_output_stage,
# bench_analysis (with the cuFFT baseline when the host has nvcc: built here first), and
# compute-sanitizer memcheck and racecheck on the two kernel tests when the host has it.
# Ends with one table (check, result, max error or time); the logs stay in $TTS_CHECK_DIR
# (default /tmp/ttsgrpc-check). Exit code 0 when nothing failed; skips do not count as failures.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=${TTS_CHECK_DIR:-/tmp/ttsgrpc-check}
budget=${CHECK_BUDGET_S:-470}
started=$SECONDS
logs=$work/logs
rm -rf "$logs" && mkdir -p "$logs"
rows=()
failures=0
rc=0 secs=0

# row CHECK RESULT DETAIL: one line of the summary (printed as it comes, too).
row() {
  rows+=("$1"$'\t'"$2"$'\t'"$3")
  [[ $2 == FAIL ]] && failures=$((failures + 1))
  printf '  %-34s %-8s %s\n' "$1" "$2" "$3" >&2
}

seconds_left() { echo $((budget - (SECONDS - started))); }

# step CAP LOG COMMAND...: runs COMMAND under a timeout of CAP seconds or what is left of the
# budget; sets rc (124 = timed out, -1 = no time left, not run) and secs.
step() {
  local cap=$1 log=$2 left t0
  shift 2
  left=$(($(seconds_left) - 5))
  if ((left < 10)); then
    rc=-1 secs=0
    echo "not run: the ${budget} s budget is spent" >"$log"
    return
  fi
  ((cap > left)) && cap=$left
  t0=$SECONDS
  timeout -k 5 "$cap" "$@" >"$log" 2>&1
  rc=$?
  ((rc == 137)) && rc=124
  secs=$((SECONDS - t0))
}

# The largest "max relative error X" and "max difference N LSB" figures a test printed.
errors_of() {
  awk '
    /max relative (error|difference)/ { for (i = 1; i < NF; i++) if ($i == "error" || $i == "difference") { v = $(i + 1) + 0; if (v > rel) rel = v } }
    /max difference [0-9]+ LSB/ { for (i = 1; i < NF; i++) if ($i == "difference") { v = $(i + 1) + 0; if (v > lsb) lsb = v } }
    /max difference from the CPU [0-9]+ LSB/ { for (i = 1; i < NF; i++) if ($i == "CPU") { v = $(i + 1) + 0; if (v > lsb) lsb = v } }
    END { printf "max rel %.3g, max %d LSB", rel, lsb }' "$1"
}

# Why a native test skipped itself (its "SKIP: ..." line, without the repeated prefixes).
reason_of() {
  grep -m1 'SKIP: ' "$1" | sed 's/.*SKIP: //; s/^no CUDA device answers (tts_context_create: \(.*\))$/\1/' | cut -c1-90
}

# The result of a native test binary run by step (exit 77 = skipped by the test itself).
native_result() {
  local name=$1 log=$2
  case $rc in
    0) row "$name" PASS "$(errors_of "$log"); ${secs} s" ;;
    77) row "$name" SKIP "$(reason_of "$log")" ;;
    124) row "$name" FAIL "timed out after ${secs} s" ;;
    -1) row "$name" SKIP "out of time budget" ;;
    *) row "$name" FAIL "exit $rc: $(grep -m1 -E 'CHECK failed|error|Error' "$log" | cut -c1-90)" ;;
  esac
}

echo "==> unpacking into $work" >&2
mkdir -p "$work"
if [[ ! -x $work/dotnet/dotnet ]]; then
  mkdir -p "$work/dotnet" && tar -xJf "$here/dotnet-rt.tar.xz" -C "$work/dotnet"
fi
if [[ -f $here/espeak.tar.xz ]]; then
  rm -rf "$work/espeak" && mkdir -p "$work/espeak" && tar -xJf "$here/espeak.tar.xz" -C "$work/espeak"
  export LD_LIBRARY_PATH=$work/espeak/lib:${LD_LIBRARY_PATH:-} ESPEAK_DATA_PATH=$work/espeak
fi
rm -rf "$work/app" && mkdir -p "$work/app" && tar -xJf "$here/app.tar.xz" -C "$work/app"
export DOTNET_ROOT=$work/dotnet PATH=$work/dotnet:$PATH DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
native=$here/native
export LD_LIBRARY_PATH=$native/lib:$LD_LIBRARY_PATH
[[ -f $here/MANIFEST ]] && sed 's/^/  /' "$here/MANIFEST" >&2

echo "==> checks (budget ${budget} s)" >&2
# the device
if command -v nvidia-smi >/dev/null; then
  step 20 "$logs/nvidia-smi.log" nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv,noheader
  if ((rc == 0)); then row device INFO "$(head -1 "$logs/nvidia-smi.log")"; else row device INFO "nvidia-smi failed: $(head -1 "$logs/nvidia-smi.log")"; fi
else
  row device INFO "nvidia-smi not found (no NVIDIA driver?)"
fi

# the probe kernel and the backend choice: test_probe checks what its environment implies
step 30 "$logs/test_probe.log" "$native/bin/test_probe"
if ((rc == 0)); then row "probe: backend choice" PASS "$(grep -m1 '^AUTO:' "$logs/test_probe.log" | cut -c1-100)"; else native_result "probe: backend choice" "$logs/test_probe.log"; fi
step 30 "$logs/test_probe_forced_fail.log" env TTS_CUDA_PROBE_FAIL=1 "$native/bin/test_probe"
if ((rc == 0)); then row "probe: TTS_CUDA_PROBE_FAIL=1" PASS "$(grep -m1 '^AUTO:' "$logs/test_probe_forced_fail.log" | cut -c1-100)"; else native_result "probe: TTS_CUDA_PROBE_FAIL=1" "$logs/test_probe_forced_fail.log"; fi

# the kernels against the CPU reference
for t in test_cuda_vs_cpu test_cuda_analysis; do
  step 120 "$logs/$t.log" "$native/bin/$t"
  native_result "$t" "$logs/$t.log"
done

# the .NET GPU tests (xunit v3 executable, run by the bundled runtime)
step 150 "$logs/dotnet-gpu-tests.log" bash -c 'cd "$1" && exec dotnet TtsGrpc.Tests.dll -trait "Category=Gpu" -noColor' _ "$work/app"
summary=$(grep -E 'Total: [0-9]+' "$logs/dotnet-gpu-tests.log" | tail -1)
if ((rc == -1)); then
  row ".NET Category=Gpu tests" SKIP "out of time budget"
elif ((rc == 124)); then
  row ".NET Category=Gpu tests" FAIL "timed out after ${secs} s"
elif [[ -z $summary ]]; then
  row ".NET Category=Gpu tests" FAIL "exit $rc, no summary: $(grep -m1 -iE 'error|exception' "$logs/dotnet-gpu-tests.log" | cut -c1-80)"
else
  read -r total errors failed skipped < <(sed -E 's/.*Total: ([0-9]+), Errors: ([0-9]+), Failed: ([0-9]+), Skipped: ([0-9]+).*/\1 \2 \3 \4/' <<<"$summary")
  detail="$((total - errors - failed - skipped)) passed, $((errors + failed)) failed, $skipped skipped; ${secs} s"
  if ((errors + failed > 0 || rc != 0)); then row ".NET Category=Gpu tests" FAIL "$detail"
  elif ((skipped == total)); then row ".NET Category=Gpu tests" SKIP "$detail: $(grep -m1 -A1 '\[SKIP\]' "$logs/dotnet-gpu-tests.log" | tail -1 | sed 's/^ *//' | cut -c1-60)"
  else row ".NET Category=Gpu tests" PASS "$detail"; fi
fi

# benchmarks: a CPU-only run (no device) is reported as skipped, with the reason the bench printed
bench_result() {
  local name=$1 log=$2 figure=$3
  if ((rc == -1)); then row "$name" SKIP "out of time budget"
  elif ((rc == 124)); then row "$name" FAIL "timed out after ${secs} s"
  elif ((rc != 0)); then row "$name" FAIL "exit $rc: $(tail -1 "$log" | cut -c1-80)"
  elif grep -q '^CUDA: not measured' "$log"; then row "$name" SKIP "ran on the CPU only: $(grep -m1 '^CUDA: not measured' "$log" | sed 's/^CUDA: not measured (//; s/)$//; s/tts_context_create: //' | cut -c1-80)"
  else row "$name" PASS "$figure; ${secs} s"; fi
}
step 90 "$logs/bench_output_stage.log" "$native/bin/bench_output_stage" 1
bench_result bench_output_stage "$logs/bench_output_stage.log" \
  "$(awk '$1 ~ /^[0-9]+$/ && NF >= 9 { last = "batch " $1 ": cpu " $4 " ms, cuda " $5 " ms (" $6 "x)" } END { print last }' "$logs/bench_output_stage.log")"

bench=$native/bin/bench_analysis
if command -v nvcc >/dev/null; then
  flags=()
  nvidia-smi -L >/dev/null 2>&1 && flags+=(-arch=native)
  # Debian's nvcc 11.8 refuses g++ 12 and takes clang 14 as its host compiler
  if nvcc --version | grep -q "release 11\." && command -v clang++-14 >/dev/null; then flags+=(-ccbin clang++-14); fi
  step 150 "$logs/cufft-build.log" nvcc -O2 -std=c++17 "${flags[@]}" -DTTS_BENCH_CUFFT=1 -I "$native/src/include" \
    "$native/src/bench/bench_analysis.cpp" "$native/src/bench/cufft_stft.cu" -L "$native/lib" -lttsnative -lcufft \
    -o "$work/bench_analysis_cufft"
  if ((rc == 0)); then row "cuFFT baseline build" PASS "$(nvcc --version | sed -n 's/.*release \([0-9.]*\),.*/nvcc \1/p'); ${secs} s"; bench=$work/bench_analysis_cufft
  elif ((rc == -1)); then row "cuFFT baseline build" SKIP "out of time budget"
  else row "cuFFT baseline build" FAIL "exit $rc: $(grep -m1 -iE 'error|fatal' "$logs/cufft-build.log" | cut -c1-80)"; fi
else
  row "cuFFT baseline build" SKIP "no nvcc on this host: bench_analysis runs without the baseline"
fi
step 120 "$logs/bench_analysis.log" "$bench" 1
bench_result bench_analysis "$logs/bench_analysis.log" \
  "$(awk '/tts_analyze_voice  cuda/ { a = "analyze " $3 " ms" } /library cuda/ { s = ", stft " $3 " ms" } /cuFFT  / { c = ", cuFFT " $2 " ms" } END { print a s c }' "$logs/bench_analysis.log")"

# compute-sanitizer on the two kernel tests
sanitizer=$(command -v compute-sanitizer || ls /usr/local/cuda*/bin/compute-sanitizer /opt/cuda*/bin/compute-sanitizer 2>/dev/null | head -1 || true)
for tool in memcheck racecheck; do
  for t in test_cuda_vs_cpu test_cuda_analysis; do
    name="$tool $t"
    if [[ -z $sanitizer ]]; then row "$name" SKIP "no compute-sanitizer on this host"; continue; fi
    step 90 "$logs/$tool-$t.log" "$sanitizer" --tool "$tool" --error-exitcode 99 "$native/bin/$t"
    found=$(grep -m1 -E 'ERROR SUMMARY|RACECHECK SUMMARY' "$logs/$tool-$t.log" | sed 's/^=* *//')
    case $rc in
      0) row "$name" PASS "${found:-no summary}; ${secs} s" ;;
      77) row "$name" SKIP "$(reason_of "$logs/$tool-$t.log")" ;;
      99) row "$name" FAIL "$found" ;;
      124) row "$name" TIMEOUT "did not finish in ${secs} s (the test is slow under $tool; no finding)" ;;
      -1) row "$name" SKIP "out of time budget" ;;
      *)
        if [[ -z $found ]]; then # the sanitizer itself did not run (e.g. its injection library is missing)
          row "$name" SKIP "compute-sanitizer did not run: $(grep -v -e '^ *$' -e 'COMPUTE-SANITIZER$' "$logs/$tool-$t.log" | head -1 | sed 's/^=* *//' | cut -c1-70)"
        else
          row "$name" FAIL "exit $rc: $found"
        fi
        ;;
    esac
  done
done

{
  echo
  echo "TtsGrpc GPU checks: $((SECONDS - started)) s, $failures failed (logs in $logs)"
  printf '%-34s %-8s %s\n' check result "max error or time"
  printf '%-34s %-8s %s\n' ---------------------------------- -------- ------------------------------------------
  for r in "${rows[@]}"; do
    IFS=$'\t' read -r c res d <<<"$r"
    printf '%-34s %-8s %s\n' "$c" "$res" "$d"
  done
} | tee "$work/summary.txt"
((failures == 0))
