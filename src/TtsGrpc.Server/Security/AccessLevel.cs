namespace TtsGrpc.Server.Security;

/// <summary>What a call needs, and what a key grants; each level passes everything below it.</summary>
internal enum AccessLevel
{
    Open = 0,
    Client = 1,
    Admin = 2,
}
