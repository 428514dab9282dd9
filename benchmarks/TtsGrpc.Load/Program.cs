using System.CommandLine;
using TtsGrpc.Load;

var root = new RootCommand("Load generator for the TtsGrpc service: concurrent gRPC clients, time to first audio, errors, server memory.")
{
    LoadCommands.Run(),
    LoadCommands.Compare(),
    LoadCommands.Soak(),
    TtsGrpc.Load.Trace.TraceCommand.Create(),
    LoadCommands.BareServer(),
};
return await root.Parse(args).InvokeAsync();
