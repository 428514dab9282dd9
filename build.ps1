#!/usr/bin/env pwsh
# TtsGrpc build script for PowerShell; mirrors build.sh (same verbs, same behaviour).
#   deps | cuda-toolkit | native | build | test | examples | run | bench | gpu-bundle | clean
param([Parameter(Position = 0)][string]$Verb = "build", [Parameter(ValueFromRemainingArguments)][string[]]$Rest = @())
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot
$Config = if ($env:CONFIG) { $env:CONFIG } else { "Release" }
$BuildDir = "build"
$AptPackages = @("cmake", "g++", "make", "libespeak-ng1", "espeak-ng-data", "espeak-ng", "libsonic0", "pocketsphinx-testdata", "python3-onnx", "python3-numpy",
    "ffmpeg", "opus-tools", "flac", "libopus0", "libmp3lame0", "libflac12", "curl", "redis-server",
    "chromium")  # the web playground tests drive it headless (Microsoft.Playwright; no browser download)
$ExampleAptPackages = @("python3", "python3-grpcio", "python3-grpc-tools")
# Debian's python3-grpcio lives in the system interpreter, not in a pyenv or virtualenv one.
$Python = if ($env:PYTHON) { $env:PYTHON } elseif ($IsLinux) { "/usr/bin/python3" } elseif ($IsWindows) { "python" } else { "python3" }

function Log([string]$Message) { Write-Host "==> $Message" -ForegroundColor White }

function Invoke-Deps {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) { throw "The .NET 10 SDK is required: https://dot.net/download" }
    if (-not $IsLinux) { Write-Host "Install CMake, a C++17 compiler and espeak-ng yourself on this OS."; return }
    $missing = $AptPackages | Where-Object { -not ((dpkg-query -W -f='${Status}' $_ 2>$null) -match "install ok installed") }
    Install-AptPackages @($missing)
}

# Installs the given Debian packages when run as root; otherwise prints the line that would, and stops.
function Install-AptPackages([string[]]$Packages) {
    if (-not $Packages) { return }
    if ((id -u) -eq "0") {
        Log "installing $($Packages -join ' ')"
        apt-get update -qq
        $env:DEBIAN_FRONTEND = "noninteractive"
        apt-get install -y -qq --no-install-recommends @Packages | Out-Null
    } else {
        Write-Host "Missing system packages. Install them with:`n  sudo apt-get install -y $($Packages -join ' ')"
        exit 1
    }
}

function Invoke-ExampleDeps {
    if (-not $IsLinux) { Write-Host "Install Python with grpcio and grpcio-tools, and Node.js with npm, yourself on this OS."; return }
    $missing = @($ExampleAptPackages | Where-Object { -not ((dpkg-query -W -f='${Status}' $_ 2>$null) -match "install ok installed") })
    # Node may come from elsewhere (NodeSource's nodejs bundles npm and conflicts with Debian's npm).
    if (-not (Get-Command node -ErrorAction SilentlyContinue)) { $missing += "nodejs" }
    if (-not (Get-Command npm -ErrorAction SilentlyContinue)) { $missing += "npm" }
    Install-AptPackages $missing
}

function Invoke-CudaToolkit {
    if ((Get-Command nvcc -ErrorAction SilentlyContinue) -and (Get-Command clang++-14 -ErrorAction SilentlyContinue)) { return }
    bash ./build.sh cuda-toolkit
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

function Invoke-Native {
    $nvcc = Get-Command nvcc -ErrorAction SilentlyContinue
    if ($nvcc -and ((nvcc --version) -match "release 11\.") -and (Get-Command clang++-14 -ErrorAction SilentlyContinue)) {
        $env:CUDAHOSTCXX = "clang++-14"   # Debian's nvcc 11.8 refuses g++ 12
    }
    Log "building libttsnative"
    cmake -S . -B $BuildDir -DCMAKE_BUILD_TYPE=Release | Out-Null
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
    cmake --build $BuildDir -j ([Environment]::ProcessorCount)
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

function Invoke-Build {
    Invoke-Deps
    Invoke-Native
    Log "building .NET projects ($Config)"
    dotnet build TtsGrpc.sln -c $Config -nologo -v quiet -clp:NoSummary
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

# The example clients (examples/python, examples/node) call the real server, so a proto change that
# breaks them fails the tests. Each client run (a language and an RPC) counts as one test.
# Everything printed goes to the host: the function's only output is the counts.
function Invoke-Examples {
    Invoke-ExampleDeps | Out-Host
    Log "example clients: npm ci (examples/node)"
    Push-Location examples/node
    try { npm ci --no-audit --no-fund --loglevel=error | Out-Host } finally { Pop-Location }
    if ($LASTEXITCODE) { Write-Host "npm ci failed: the Node examples will fail" }
    $work = Join-Path ([IO.Path]::GetTempPath()) "ttsgrpc-examples-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory $work | Out-Null
    $passed = 0; $failed = 0
    $server = Start-Process dotnet -PassThru -NoNewWindow -RedirectStandardOutput "$work/server.log" -RedirectStandardError "$work/server.err" `
        -ArgumentList "src/TtsGrpc.Server/bin/$Config/net10.0/TtsGrpc.Server.dll", "--urls", "http://127.0.0.1:0", "--Tts:Http:Urls=http://127.0.0.1:0", "`"--Tts:DataDirectory=$work/data`""
    try {
        # Kestrel logs the port it was given once it listens.
        $address = $null
        $deadline = (Get-Date).AddSeconds(60)
        while (-not $address -and -not $server.HasExited -and (Get-Date) -lt $deadline) {
            Start-Sleep -Milliseconds 200
            $m = Select-String -Path "$work/server.log" -Pattern "Now listening on: http://([0-9.]+:[0-9]+)" -ErrorAction SilentlyContinue | Select-Object -First 1
            if ($m) { $address = $m.Matches[0].Groups[1].Value }
        }
        if (-not $address) {
            Write-Host "the server did not start; its log:"
            Get-Content "$work/server.log", "$work/server.err" | Out-Host
            $failed = 4
        } else {
            Log "example clients against $address"
            foreach ($call in "synthesize", "stream") {
                $wav = if ($call -eq "synthesize") { "synthesize.wav" } else { "streaming.wav" }
                $runs = @(
                    @{ Name = "python $call"; Dir = "$work/python"; Exe = $Python; Script = "examples/python/tts_client.py" },
                    @{ Name = "node $call"; Dir = "$work/node"; Exe = "node"; Script = "examples/node/tts_client.js" })
                foreach ($run in $runs) {
                    # A run must exit 0, and the WAV it wrote must hold real audio at the rate it asked for.
                    Log "example: $($run.Name)"
                    & $run.Exe $run.Script $call --server $address --out-dir $run.Dir | Out-Host
                    $ok = $LASTEXITCODE -eq 0
                    if ($ok) {
                        & $Python examples/check_wav.py --rate 16000 --min-seconds 1 (Join-Path $run.Dir $wav) | Out-Host
                        $ok = $LASTEXITCODE -eq 0
                    }
                    if ($ok) { $passed++ } else { Write-Host "example failed: $($run.Name)"; $failed++ }
                }
            }
            if ($failed) { Write-Host "server log (last 40 lines):"; Get-Content "$work/server.log" -Tail 40 | Out-Host }
        }
    } finally {
        # Runs on every way out, Ctrl+C included.
        if (-not $server.HasExited) { $server.Kill($true); $server.WaitForExit(10000) | Out-Null }
        Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-Test {
    Invoke-Build
    Invoke-ExampleDeps
    # The HTTP API tests run the official openai npm package (tests/openai-client) with node.
    Log "openai client for the HTTP API tests: npm ci (tests/openai-client)"
    Push-Location tests/openai-client
    try { npm ci --no-audit --no-fund --loglevel=error | Out-Host } finally { Pop-Location }
    if ($LASTEXITCODE) { Write-Host "npm ci failed: the openai client test will fail" }
    Log "native tests (ctest)"
    $ctest = ctest --test-dir $BuildDir --output-on-failure 2>&1 | Tee-Object -Variable ctestOut
    $status = $LASTEXITCODE
    $m = [regex]::Match(($ctestOut -join "`n"), "tests passed, (\d+) tests? failed out of (\d+)")
    $nFailed = if ($m.Success) { [int]$m.Groups[1].Value } else { 1 }
    $nTotal = if ($m.Success) { [int]$m.Groups[2].Value } else { 0 }
    $nSkipped = @($ctestOut | Select-String "\(Skipped\)").Count
    # Each test project is an xunit v3 executable whose in-process runner prints one summary line.
    $dPassed = 0; $dFailed = 0; $dSkipped = 0
    foreach ($project in Get-ChildItem tests/*/*.csproj) {
        $name = $project.BaseName
        Log ".NET tests: $name"
        $dll = Join-Path $project.DirectoryName "bin/$Config/net10.0/$name.dll"
        $job = Start-Job { dotnet $using:dll -noColor -longRunning 60 2>&1 }
        if (-not (Wait-Job $job -Timeout 900)) { Stop-Job $job; Remove-Job -Force $job; Write-Host "$name timed out"; $dFailed++; $status = 1; continue }
        $out = Receive-Job $job
        $out | Write-Host
        $m = [regex]::Match(($out -join "`n"), "Total: (\d+), Errors: (\d+), Failed: (\d+), Skipped: (\d+), Not Run: (\d+)")
        if (-not $m.Success) { Write-Host "no test summary from $name"; $dFailed++; $status = 1; continue }
        $g = $m.Groups
        $dPassed += [int]$g[1].Value - [int]$g[2].Value - [int]$g[3].Value - [int]$g[4].Value - [int]$g[5].Value
        $dFailed += [int]$g[2].Value + [int]$g[3].Value
        $dSkipped += [int]$g[4].Value + [int]$g[5].Value
        if ([int]$g[2].Value + [int]$g[3].Value -gt 0) { $status = 1 }
    }
    $examples = Invoke-Examples
    if ($examples.Failed) { $status = 1 }
    # The load generator, briefly, in its side-by-side mode: both servers start, answer 8 clients, 0 errors.
    Write-Host "==> load tool: tts-load compare (a few seconds of load)"
    & dotnet "benchmarks/TtsGrpc.Load/bin/$Config/net10.0/tts-load.dll" compare --clients 8 --duration 3 --warmup 1 --requests 8 --unary-baseline
    $lPassed = [int]($LASTEXITCODE -eq 0); $lFailed = 1 - $lPassed
    # Its trace mode, briefly: 2 replicas with local tiers, the same sharing redis-server when it is installed,
    # one pooled replica; a short Zipf trace, 0 errors.
    $traceConfigurations = "local,pooled"
    if ((Get-Command redis-server -ErrorAction SilentlyContinue) -and (Get-Command redis-cli -ErrorAction SilentlyContinue)) { $traceConfigurations = "local,shared,pooled" }
    Write-Host "==> load tool: tts-load trace ($traceConfigurations, a few hundred requests)"
    & dotnet "benchmarks/TtsGrpc.Load/bin/$Config/net10.0/tts-load.dll" trace --configurations $traceConfigurations `
        --replicas 2 --distinct 200 --requests 300 --warmup-requests 100 --memory-entries 20 --clients 4 --probes 10 --seed 1
    if ($LASTEXITCODE -eq 0) { $lPassed++ } else { $lFailed++ }
    if ($lFailed) { $status = 1 }
    Write-Host "$($nTotal - $nFailed - $nSkipped + $dPassed + $examples.Passed + $lPassed) passed, $($nFailed + $dFailed + $examples.Failed + $lFailed) failed, $($nSkipped + $dSkipped) skipped"
    exit $status
}

switch ($Verb) {
    "deps" { Invoke-Deps }
    "cuda-toolkit" { Invoke-CudaToolkit }
    "native" { Invoke-Native }
    "build" { Invoke-Build }
    "test" { Invoke-Test }
    "examples" {
        Invoke-Build
        $examples = Invoke-Examples
        Write-Host "$($examples.Passed) passed, $($examples.Failed) failed, 0 skipped"
        exit [int]($examples.Failed -gt 0)
    }
    "run" {
        Invoke-Build
        Log "starting the server on 127.0.0.1:50051 (data in ./data); Ctrl+C stops it"
        dotnet "src/TtsGrpc.Server/bin/$Config/net10.0/TtsGrpc.Server.dll" "--Tts:DataDirectory=$PWD/data" @Rest
    }
    "bench" {
        Invoke-Build
        dotnet run -c Release --no-build --project benchmarks/TtsGrpc.Benchmarks -- @Rest
    }
    "gpu-bundle" {
        # The bundle is for a Linux CUDA host; the packing (tools/gpu-bundle.sh) is a bash script on every OS.
        Invoke-Native
        $out = if ($Rest) { $Rest[0] } else { ".device" }
        bash tools/gpu-bundle.sh $out
        if ($LASTEXITCODE) { exit $LASTEXITCODE }
    }
    "clean" { Remove-Item -Recurse -Force $BuildDir -ErrorAction SilentlyContinue; dotnet clean TtsGrpc.sln -nologo -v quiet }
    default { Write-Host "usage: ./build.ps1 deps|cuda-toolkit|native|build|test|examples|run|bench|gpu-bundle|clean"; exit 2 }
}
