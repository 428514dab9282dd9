#!/usr/bin/env pwsh
# TtsGrpc build script for PowerShell; mirrors build.sh (same verbs, same behaviour).
#   deps | cuda-toolkit | native | build | test | run | bench | clean
param([Parameter(Position = 0)][string]$Verb = "build", [Parameter(ValueFromRemainingArguments)][string[]]$Rest = @())
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot
$Config = if ($env:CONFIG) { $env:CONFIG } else { "Release" }
$BuildDir = "build"
$AptPackages = @("cmake", "g++", "make", "libespeak-ng1", "espeak-ng-data", "espeak-ng", "libsonic0", "pocketsphinx-testdata")

function Log([string]$Message) { Write-Host "==> $Message" -ForegroundColor White }

function Invoke-Deps {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) { throw "The .NET 10 SDK is required: https://dot.net/download" }
    if (-not $IsLinux) { Write-Host "Install CMake, a C++17 compiler and espeak-ng yourself on this OS."; return }
    $missing = $AptPackages | Where-Object { -not ((dpkg-query -W -f='${Status}' $_ 2>$null) -match "install ok installed") }
    if (-not $missing) { return }
    if ((id -u) -eq "0") {
        Log "installing $($missing -join ' ')"
        apt-get update -qq
        $env:DEBIAN_FRONTEND = "noninteractive"
        apt-get install -y -qq --no-install-recommends @missing | Out-Null
    } else {
        Write-Host "Missing system packages. Install them with:`n  sudo apt-get install -y $($missing -join ' ')"
        exit 1
    }
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

function Invoke-Test {
    Invoke-Build
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
    Write-Host "$($nTotal - $nFailed - $nSkipped + $dPassed) passed, $($nFailed + $dFailed) failed, $($nSkipped + $dSkipped) skipped"
    exit $status
}

switch ($Verb) {
    "deps" { Invoke-Deps }
    "cuda-toolkit" { Invoke-CudaToolkit }
    "native" { Invoke-Native }
    "build" { Invoke-Build }
    "test" { Invoke-Test }
    "run" {
        Invoke-Build
        Log "starting the server on 127.0.0.1:50051 (data in ./data); Ctrl+C stops it"
        dotnet "src/TtsGrpc.Server/bin/$Config/net10.0/TtsGrpc.Server.dll" "--Tts:DataDirectory=$PWD/data" @Rest
    }
    "bench" {
        Invoke-Build
        dotnet run -c Release --no-build --project benchmarks/TtsGrpc.Benchmarks -- @Rest
    }
    "clean" { Remove-Item -Recurse -Force $BuildDir -ErrorAction SilentlyContinue; dotnet clean TtsGrpc.sln -nologo -v quiet }
    default { Write-Host "usage: ./build.ps1 deps|cuda-toolkit|native|build|test|run|bench|clean"; exit 2 }
}
