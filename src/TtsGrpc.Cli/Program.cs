using System.CommandLine;
using TtsGrpc.Cli;

var root = new RootCommand("Client of the TtsGrpc text-to-speech service.");
root.Options.Add(ClientOptions.Server);
root.Subcommands.Add(SayCommand.Create());
root.Subcommands.Add(VoicesCommand.Create());
root.Subcommands.Add(CacheCommand.Create());
return await root.Parse(args).InvokeAsync();
