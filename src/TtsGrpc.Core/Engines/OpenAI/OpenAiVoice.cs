namespace TtsGrpc.Core.Engines.OpenAI;

/// <summary>One voice of the upstream: the id its speech requests name, and the name it lists the voice by.</summary>
public sealed record OpenAiVoice(string Id, string Name);
