namespace TtsGrpc.Server.Security;

/// <summary>
/// Optional API keys ("Tts:Auth" in configuration). With no keys every call is open, as on a fresh install.
/// Keys are sent by clients as "authorization: Bearer &lt;key&gt;" metadata.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Tts:Auth";

    /// <summary>Shortest key accepted; shorter ones stop start-up, since they can be guessed.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>Keys for the admin calls (ClearCache, ValidateCache, CreateVoice, DeleteVoice, PreloadVoices); they also pass every client call.</summary>
    public IList<string> AdminKeys { get; } = new List<string>();

    /// <summary>Keys for synthesis and the read-only calls; when set, those calls need a client or an admin key.</summary>
    public IList<string> ClientKeys { get; } = new List<string>();
}
