using TtsGrpc.Tests.Support;

[assembly: AssemblyFixture(typeof(ServerFixture))]
