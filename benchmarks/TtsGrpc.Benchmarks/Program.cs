using System.Reflection;
using BenchmarkDotNet.Running;

// One suite, seven categories: store, codec, grpc, kernels, analysis, piper, kokoro (docs/benchmarks.md, "How to reproduce").
//   ./build.sh bench --filter '*'                                   every case
//   ./build.sh bench --filter '*' --anyCategories kernels analysis  some categories
//   ./build.sh bench --filter '*' --job dry                         each case once, to check that it runs
//   dotnet TtsGrpc.Benchmarks.dll --filter '*' --inprocess          a published build on a host with no SDK
// Filters match the full name (TtsGrpc.Benchmarks.<Area>.<Class>.<Method>), so '*Grpc*' matches every case;
// select by category instead. Within a class, cases are grouped by category, each group with its own baseline.
// --inprocess is BenchmarkDotNet's own switch (matched case-insensitively): it runs every case with the
// InProcessEmitToolchain instead of generating and building a project per case, which is what a host with
// only the .NET runtime and no SDK (a GPU box) needs.
// Not typeof(Program): the referenced server assembly has a public Program of its own.
BenchmarkSwitcher.FromAssembly(Assembly.GetExecutingAssembly()).Run(args);
