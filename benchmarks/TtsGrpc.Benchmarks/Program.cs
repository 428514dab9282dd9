using System.Reflection;
using BenchmarkDotNet.Running;

// Examples:
//   dotnet run -c Release --project benchmarks/TtsGrpc.Benchmarks -- --filter '*OutputStage*' --job short
//   dotnet TtsGrpc.Benchmarks.dll --filter '*' --inprocess
//   dotnet run -c Release --project benchmarks/TtsGrpc.Benchmarks -- --filter '*.Grpc.*' --job short
// Filters match the full name, and every namespace here starts with TtsGrpc: '*Grpc*' selects all suites.
// --inprocess is BenchmarkDotNet's own switch (matched case-insensitively): it runs every case with the
// InProcessEmitToolchain instead of generating and building a project per case, which is what a host with
// only the .NET runtime and no SDK (a GPU box) needs.
// Not typeof(Program): the referenced server assembly has a public Program of its own.
BenchmarkSwitcher.FromAssembly(Assembly.GetExecutingAssembly()).Run(args);
