using BenchmarkDotNet.Running;

// Examples:
//   dotnet run -c Release --project benchmarks/TtsGrpc.Benchmarks -- --filter '*OutputStage*' --job short
//   dotnet TtsGrpc.Benchmarks.dll --filter '*' --inprocess
// --inprocess is BenchmarkDotNet's own switch (matched case-insensitively): it runs every case with the
// InProcessEmitToolchain instead of generating and building a project per case, which is what a host with
// only the .NET runtime and no SDK (a GPU box) needs.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
