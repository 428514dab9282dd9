#!/usr/bin/env bash
# TtsGrpc build script. Verbs:
#   deps          check system packages; install them with apt when run as root
#   cuda-toolkit  install Debian's CUDA compiler (nvcc 11.8 + clang 14 host compiler); root
#   native        build libttsnative with CMake (CUDA kernels too when nvcc is found)
#   build         native + every .NET project
#   test          build, then run every test (ctest, dotnet, example clients, a short load run) and print "N passed, N failed"
#   examples      build, then run the Python and Node example clients against the real server
#   run           build and start the server on 127.0.0.1:50051 (extra arguments go to the server)
#   bench         run the BenchmarkDotNet suites (extra arguments go to BenchmarkDotNet)
#   gpu-bundle    build with CUDA and make .device/ for a CUDA host with only a driver: bash .device/check.sh
#                 there runs every GPU check and prints one summary table (docs/gpu-host.md)
#   clean         remove build output
set -euo pipefail
cd "$(dirname "$0")"
CONFIG=${CONFIG:-Release}
BUILD_DIR=build
APT_PACKAGES=(cmake g++ make libespeak-ng1 espeak-ng-data espeak-ng libsonic0 pocketsphinx-testdata python3-onnx python3-numpy
  ffmpeg opus-tools flac libopus0 libmp3lame0 libflac12 curl redis-server
  chromium)  # the web playground tests drive it headless (Microsoft.Playwright; no browser download)
EXAMPLE_APT_PACKAGES=(python3 python3-grpcio python3-grpc-tools)
# Debian's python3-grpcio lives in the system interpreter, not in a pyenv or virtualenv one.
PYTHON=${PYTHON:-/usr/bin/python3}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

deps() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required: https://dot.net/download" >&2; exit 1; }
  apt_install "${missing[@]}"
}

# Installs the given Debian packages when run as root; otherwise prints the line that would, and stops.
apt_install() {
  (($# == 0)) && return 0
  if [[ $(id -u) -eq 0 ]]; then
    log "installing $*"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    echo "Missing system packages. Install them with:" >&2
    echo "  sudo apt-get install -y $*" >&2
    exit 1
  fi
}

example_deps() {
  local missing=() p
  for p in "${EXAMPLE_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Node may come from elsewhere (NodeSource's nodejs bundles npm and conflicts with Debian's npm).
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  apt_install "${missing[@]}"
}

cuda_toolkit() {
  if command -v nvcc >/dev/null && command -v clang++-14 >/dev/null; then return 0; fi
  [[ $(id -u) -eq 0 ]] || { echo "Installing the CUDA toolkit needs root: sudo ./build.sh cuda-toolkit" >&2; exit 1; }
  # Debian ships nvcc in its non-free component; nvcc 11.8 needs clang 14 as host compiler.
  local src=/etc/apt/sources.list.d/debian.sources uri suite
  uri=$(awk '/^URIs:/{print $2; exit}' "$src" 2>/dev/null || true)
  [[ -n $uri ]] || uri=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
  suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
  printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: contrib non-free\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$uri" "$suite" > /etc/apt/sources.list.d/ttsgrpc-nonfree.sources
  log "installing nvidia-cuda-toolkit and clang-14 (a few minutes)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nvidia-cuda-toolkit clang-14 >/dev/null
  nvcc --version | tail -1
}

native() {
  local args=(-S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release)
  # Debian's nvcc 11.8 refuses g++ 12; clang 14 is its host compiler. Newer nvcc uses the system g++.
  if command -v nvcc >/dev/null && nvcc --version | grep -q "release 11\." && command -v clang++-14 >/dev/null; then
    export CUDAHOSTCXX=clang++-14
  fi
  log "building libttsnative"
  cmake "${args[@]}" >/dev/null
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}

build() {
  deps
  native
  log "building .NET projects ($CONFIG)"
  dotnet build TtsGrpc.sln -c "$CONFIG" -nologo -v quiet -clp:NoSummary
}

# The example clients (examples/python, examples/node) call the real server, so a proto change that
# breaks them fails the tests. Each client run (a language and an RPC) counts as one test; the
# results go to EXAMPLES_PASSED and EXAMPLES_FAILED. The server is stopped on every way out.
EXAMPLES_PASSED=0 EXAMPLES_FAILED=0 EXAMPLE_SERVER_PID="" EXAMPLE_DIR=""
run_examples() {
  example_deps
  log "example clients: npm ci (examples/node)"
  (cd examples/node && npm ci --no-audit --no-fund --loglevel=error) || echo "npm ci failed: the Node examples will fail" >&2
  EXAMPLE_DIR=$(mktemp -d)
  trap stop_example_server EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  dotnet "src/TtsGrpc.Server/bin/$CONFIG/net10.0/TtsGrpc.Server.dll" --urls http://127.0.0.1:0 \
    --Tts:Http:Urls=http://127.0.0.1:0 --Tts:DataDirectory="$EXAMPLE_DIR/data" >"$EXAMPLE_DIR/server.log" 2>&1 &
  EXAMPLE_SERVER_PID=$!
  # Kestrel logs the port it was given once it listens.
  local address="" i
  for ((i = 0; i < 300; i++)); do
    address=$(grep -oE 'Now listening on: http://[0-9.]+:[0-9]+' "$EXAMPLE_DIR/server.log" | head -1 | sed 's|.*http://||' || true)
    [[ -n $address ]] && break
    kill -0 "$EXAMPLE_SERVER_PID" 2>/dev/null || break   # it exited; its log says why
    sleep 0.2
  done
  if [[ -z $address ]]; then
    echo "the server did not start; its log:" >&2
    cat "$EXAMPLE_DIR/server.log" >&2
    EXAMPLES_FAILED=$((EXAMPLES_FAILED + 6))
  else
    log "example clients against $address"
    local call wav
    for call in synthesize stream opus; do
      case $call in synthesize) wav=synthesize.wav ;; stream) wav=streaming.wav ;; opus) wav=speech.opus ;; esac
      example_run "python $call" "$EXAMPLE_DIR/python/$wav" "$PYTHON" examples/python/tts_client.py "$call" --server "$address" --out-dir "$EXAMPLE_DIR/python"
      example_run "node $call" "$EXAMPLE_DIR/node/$wav" node examples/node/tts_client.js "$call" --server "$address" --out-dir "$EXAMPLE_DIR/node"
    done
    if ((EXAMPLES_FAILED > 0)); then
      echo "server log (last 40 lines):" >&2
      tail -40 "$EXAMPLE_DIR/server.log" >&2
    fi
  fi
  stop_example_server
  trap - EXIT INT TERM
}

# One client run: it must exit 0, and what it wrote must hold real audio: a WAV at the rate it asked
# for, or an Ogg Opus stream that opusinfo finds ended and without warnings and ffmpeg decodes to >= 1 s.
example_run() {
  local name=$1 wav=$2
  shift 2
  log "example: $name"
  if timeout -k 5s 90s "$@" && check_audio "$wav"; then
    EXAMPLES_PASSED=$((EXAMPLES_PASSED + 1))
  else
    echo "example failed: $name" >&2
    EXAMPLES_FAILED=$((EXAMPLES_FAILED + 1))
  fi
}

check_audio() {
  if [[ $1 == *.opus ]]; then
    local info bytes
    info=$(opusinfo "$1") || { echo "$info" >&2; return 1; }
    grep -q "Logical stream 1 ended" <<<"$info" && ! grep -q WARNING <<<"$info" || { echo "$info" >&2; return 1; }
    bytes=$(ffmpeg -hide_banner -nostdin -loglevel error -i "$1" -f s16le -ac 1 -ar 24000 - | wc -c)
    ((bytes >= 48000)) || { echo "$1 decodes to $bytes bytes of PCM, under 1 s" >&2; return 1; }
  else
    "$PYTHON" examples/check_wav.py --rate 16000 --min-seconds 1 "$1"
  fi
}

stop_example_server() {
  if [[ -n $EXAMPLE_SERVER_PID ]]; then
    kill "$EXAMPLE_SERVER_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do kill -0 "$EXAMPLE_SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$EXAMPLE_SERVER_PID" 2>/dev/null || true
    wait "$EXAMPLE_SERVER_PID" 2>/dev/null || true
    EXAMPLE_SERVER_PID=""
  fi
  [[ -z $EXAMPLE_DIR ]] || rm -rf "$EXAMPLE_DIR"
  EXAMPLE_DIR=""
}

run_tests() {
  build
  example_deps
  # The HTTP API tests run the official openai npm package (tests/openai-client) with node.
  log "openai client for the HTTP API tests: npm ci (tests/openai-client)"
  (cd tests/openai-client && npm ci --no-audit --no-fund --loglevel=error) || echo "npm ci failed: the openai client test will fail" >&2
  local ctest_log dotnet_log status=0
  ctest_log=$(mktemp) dotnet_log=$(mktemp)
  log "native tests (ctest)"
  ctest --test-dir "$BUILD_DIR" --output-on-failure 2>&1 | tee "$ctest_log" || status=1
  local n_total n_failed n_skipped
  n_total=$(sed -nE 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\2/p' "$ctest_log" | tail -1)
  n_failed=$(sed -nE 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/p' "$ctest_log" | tail -1)
  n_skipped=$(grep -c '(Skipped)' "$ctest_log" || true)
  [[ -n $n_total ]] || { n_total=0; n_failed=1; status=1; }

  # Each test project is an xunit v3 executable; its in-process runner prints one summary line
  # ("Total: N, Errors: N, Failed: N, Skipped: N, Not Run: N"). A hung test fails the run after
  # 15 minutes instead of stalling it, and tests running over 60 s are named while they run.
  local d_passed=0 d_failed=0 d_skipped=0 project name summary total errors failures skipped notrun
  for project in tests/*/*.csproj; do
    name=$(basename "$project" .csproj)
    log ".NET tests: $name"
    timeout -k 30s 15m dotnet "$(dirname "$project")/bin/$CONFIG/net10.0/$name.dll" -noColor -longRunning 60 2>&1 | tee "$dotnet_log" || status=1
    summary=$(grep -E "^ *$name +Total: " "$dotnet_log" | tail -1)
    if [[ -z $summary ]]; then
      echo "no test summary from $name (crashed or timed out)" >&2
      d_failed=$((d_failed + 1)); status=1; continue
    fi
    read -r total errors failures skipped notrun < <(sed -E 's/.*Total: ([0-9]+), Errors: ([0-9]+), Failed: ([0-9]+), Skipped: ([0-9]+), Not Run: ([0-9]+).*/\1 \2 \3 \4 \5/' <<<"$summary")
    d_passed=$((d_passed + total - errors - failures - skipped - notrun))
    d_failed=$((d_failed + errors + failures))
    d_skipped=$((d_skipped + skipped + notrun))
  done
  rm -f "$ctest_log" "$dotnet_log"
  run_examples
  ((EXAMPLES_FAILED == 0)) || status=1
  # The load generator, briefly, in its side-by-side mode: both servers start, answer 8 clients, 0 errors.
  local l_passed=0 l_failed=0
  log "load tool: tts-load compare (a few seconds of load)"
  if timeout 180s dotnet "benchmarks/TtsGrpc.Load/bin/$CONFIG/net10.0/tts-load.dll" compare \
      --clients 8 --duration 3 --warmup 1 --requests 8 --unary-baseline; then
    l_passed=1
  else
    l_failed=1; status=1
  fi
  # Its trace mode, briefly: 2 replicas with local tiers, the same sharing redis-server when it is installed,
  # one pooled replica; a short Zipf trace, 0 errors.
  local trace_configurations=local,pooled
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && trace_configurations=local,shared,pooled
  log "load tool: tts-load trace ($trace_configurations, a few hundred requests)"
  if timeout 300s dotnet "benchmarks/TtsGrpc.Load/bin/$CONFIG/net10.0/tts-load.dll" trace --configurations "$trace_configurations" \
      --replicas 2 --distinct 200 --requests 300 --warmup-requests 100 --memory-entries 20 --clients 4 --probes 10 --seed 1; then
    l_passed=$((l_passed + 1))
  else
    l_failed=$((l_failed + 1)); status=1
  fi
  echo "$((n_total - n_failed - n_skipped + d_passed + EXAMPLES_PASSED + l_passed)) passed, $((n_failed + d_failed + EXAMPLES_FAILED + l_failed)) failed, $((n_skipped + d_skipped)) skipped"
  return $status
}

case "${1:-build}" in
  deps) deps ;;
  cuda-toolkit) cuda_toolkit ;;
  native) native ;;
  build) build ;;
  test) run_tests ;;
  examples)
    build
    run_examples
    echo "$EXAMPLES_PASSED passed, $EXAMPLES_FAILED failed, 0 skipped"
    ((EXAMPLES_FAILED == 0))
    ;;
  run)
    shift || true
    build
    log "starting the server on 127.0.0.1:50051 (data in ./data); Ctrl+C stops it"
    exec dotnet "src/TtsGrpc.Server/bin/$CONFIG/net10.0/TtsGrpc.Server.dll" --Tts:DataDirectory="$PWD/data" "$@"
    ;;
  bench)
    shift || true
    build
    dotnet run -c Release --no-build --project benchmarks/TtsGrpc.Benchmarks -- "$@"
    ;;
  gpu-bundle)
    native
    tools/gpu-bundle.sh "${2:-.device}"
    ;;
  clean) rm -rf "$BUILD_DIR" && dotnet clean TtsGrpc.sln -nologo -v quiet ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
