using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.Options;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>API keys from Tts:Auth: admin calls need an admin key, synthesis and reads a client key; health and reflection stay open.</summary>
public sealed class AuthTests(AuthTests.KeyedServer keyed, ServerFixture open) : IClassFixture<AuthTests.KeyedServer>
{
    private const string AdminKey = "admin-0123456789abcdef-ADMIN";
    private const string ClientKey = "client-0123456789abcdef-CLIENT";
    private const string UnknownKey = "unknown-0123456789abcdef-NONE";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> AdminCalls => ["ClearCache", "ValidateCache", "CreateVoice", "DeleteVoice", "PreloadVoices", "InstallVoice"];

    public static TheoryData<string> ClientCalls => ["Synthesize", "StreamingSynthesize", "ListVoices", "GetVoice", "GetCacheStats", "GetCacheStatus"];

    [Theory]
    [MemberData(nameof(AdminCalls))]
    [MemberData(nameof(ClientCalls))]
    public async Task AnyCall_NoKey_Unauthenticated(string method)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => CallAsync(keyed.Server.Channel.CreateCallInvoker(), method));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("send 'authorization: Bearer <key>' metadata", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AdminCalls))]
    public async Task AdminCall_ClientKey_PermissionDenied(string method)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => CallAsync(WithKey(keyed.Server, ClientKey), method));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("needs an admin key", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer " + UnknownKey)]
    [InlineData("Bearer " + AdminKey + "x")]
    [InlineData("Basic " + AdminKey)]
    [InlineData(AdminKey)]
    [InlineData("Bearer ")]
    public async Task ClearCache_UnknownOrMalformedKey_Unauthenticated(string authorization)
    {
        var invoker = keyed.Server.Channel.Intercept(metadata =>
        {
            metadata.Add("authorization", authorization);
            return metadata;
        });

        var refused = await Assert.ThrowsAsync<RpcException>(() => CallAsync(invoker, "ClearCache"));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("authorization: Bearer <key>", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminCalls_AdminKey_Succeed()
    {
        var invoker = WithKey(keyed.Server, AdminKey);
        var voices = new Voices.VoicesClient(invoker);

        using var upload = voices.CreateVoice(deadline: Deadline, cancellationToken: Token);
        await upload.RequestStream.WriteAsync(new CreateVoiceRequest { Config = new VoiceConfig { Name = "keyed" } }, Token);
        await upload.RequestStream.WriteAsync(new CreateVoiceRequest { Audio = ByteString.CopyFrom(VoiceUploads.Reference) }, Token);
        await upload.RequestStream.CompleteAsync();
        var voice = await upload;
        var preloaded = await voices.PreloadVoicesAsync(new PreloadVoicesRequest { Ids = { voice.Id } }, deadline: Deadline, cancellationToken: Token);
        await voices.DeleteVoiceAsync(new DeleteVoiceRequest { Id = voice.Id }, deadline: Deadline, cancellationToken: Token);
        var admin = new CacheAdmin.CacheAdminClient(invoker);
        await admin.ValidateCacheAsync(new ValidateCacheRequest(), deadline: Deadline, cancellationToken: Token);
        await admin.ClearCacheAsync(new ClearCacheRequest { Scope = CacheScope.Memory }, deadline: Deadline, cancellationToken: Token);

        Assert.False(string.IsNullOrEmpty(voice.Id));
        Assert.NotNull(preloaded);
    }

    [Theory]
    [MemberData(nameof(ClientCalls))]
    public async Task ClientCall_ClientOrAdminKey_Succeeds(string method)
    {
        await CallAsync(WithKey(keyed.Server, ClientKey), method);
        await CallAsync(WithKey(keyed.Server, AdminKey), method);
    }

    [Fact]
    public async Task Synthesize_ClientKey_StreamsAudio()
    {
        var client = new TextToSpeech.TextToSpeechClient(WithKey(keyed.Server, ClientKey));

        var call = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = "A keyed client is heard." });

        Assert.True(call.Audio.Length > 22050, "less than half a second of audio");
    }

    [Fact]
    public async Task HealthAndReflection_NoKey_StayOpen()
    {
        var health = await new Health.HealthClient(keyed.Server.Channel).CheckAsync(new HealthCheckRequest(), deadline: Deadline, cancellationToken: Token);
        using var reflection = new ServerReflection.ServerReflectionClient(keyed.Server.Channel).ServerReflectionInfo(deadline: Deadline, cancellationToken: Token);
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, Token);
        await reflection.RequestStream.CompleteAsync();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.True(await reflection.ResponseStream.MoveNext(Token));
        Assert.Contains(reflection.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "tts.v1.CacheAdmin");
    }

    [Fact]
    public async Task Log_RefusedAndAcceptedCalls_NamesTheRefusalButNeverAKey()
    {
        await Assert.ThrowsAsync<RpcException>(() => CallAsync(WithKey(keyed.Server, UnknownKey), "ClearCache"));
        await Assert.ThrowsAsync<RpcException>(() => CallAsync(WithKey(keyed.Server, ClientKey), "ValidateCache"));
        await CallAsync(WithKey(keyed.Server, AdminKey), "ValidateCache");

        var log = keyed.Server.Log;
        Assert.Contains(log.Split(Environment.NewLine), line =>
            line.Contains("Refused /tts.v1.CacheAdmin/ClearCache from", StringComparison.Ordinal) && line.Contains("x-request-id:", StringComparison.Ordinal));
        Assert.Contains("API keys: 1 admin, 1 client", log, StringComparison.Ordinal);
        Assert.DoesNotContain(UnknownKey, log, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientKey, log, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminKey, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllCalls_NoKeysConfigured_OpenAsBefore()
    {
        // The shared server runs with the default settings: no Tts:Auth keys.
        await CallAsync(open.Channel.CreateCallInvoker(), "Synthesize");
        await CallAsync(open.Channel.CreateCallInvoker(), "ValidateCache");
        await CallAsync(open.Channel.CreateCallInvoker(), "PreloadVoices");
    }

    [Fact]
    public async Task Calls_OnlyAdminKeys_SynthesisStaysOpenAndAdminCallsNeedTheKey()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path, $"--Tts:Auth:AdminKeys:0={AdminKey}");

        await CallAsync(server.Channel.CreateCallInvoker(), "Synthesize");
        var refused = await Assert.ThrowsAsync<RpcException>(() => CallAsync(server.Channel.CreateCallInvoker(), "ClearCache"));
        await CallAsync(WithKey(server, AdminKey), "ClearCache");

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task ClearCache_OnlyClientKeys_NeedsAClientKey()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path, $"--Tts:Auth:ClientKeys:0={ClientKey}");

        var refused = await Assert.ThrowsAsync<RpcException>(() => CallAsync(server.Channel.CreateCallInvoker(), "ClearCache"));
        await CallAsync(WithKey(server, ClientKey), "ClearCache");

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Start_KeyTooShort_FailsNamingTheSettingButNotTheKey()
    {
        using var directory = new TempDirectory();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(
            () => ServerFixture.StartAsync(directory.Path, $"--Tts:Auth:AdminKeys:0={AdminKey}", "--Tts:Auth:AdminKeys:1=short-key"));

        Assert.Contains("Tts:Auth:AdminKeys:1", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-key", failure.Message, StringComparison.Ordinal);
    }

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(60);

    private static CallInvoker WithKey(ServerFixture server, string key) => server.Channel.Intercept(metadata =>
    {
        metadata.Add("authorization", "Bearer " + key);
        return metadata;
    });

    /// <summary>Makes one call of <paramref name="method"/> that succeeds when it passes the key check.</summary>
    private static async Task CallAsync(CallInvoker invoker, string method)
    {
        var speech = new TextToSpeech.TextToSpeechClient(invoker);
        var voices = new Voices.VoicesClient(invoker);
        var cache = new CacheAdmin.CacheAdminClient(invoker);
        var request = new SynthesizeRequest { Text = "Keys are checked." };
        switch (method)
        {
            case "Synthesize":
                Assert.True((await SynthesisCall.RunAsync(speech, request)).Audio.Length > 0);
                break;
            case "StreamingSynthesize":
                using (var call = speech.StreamingSynthesize(deadline: Deadline, cancellationToken: Token))
                {
                    await SendAsync(call.RequestStream, new StreamingSynthesizeRequest { Config = request });
                    Assert.NotEmpty(await call.ResponseStream.ReadAllAsync(Token).ToListAsync(Token));
                }

                break;
            case "ListVoices":
                Assert.NotEmpty((await speech.ListVoicesAsync(new ListVoicesRequest(), deadline: Deadline, cancellationToken: Token)).Voices);
                break;
            case "GetVoice":
                await voices.GetVoiceAsync(new GetVoiceRequest { Id = "espeak:en-us" }, deadline: Deadline, cancellationToken: Token);
                break;
            case "GetCacheStats":
                await cache.GetCacheStatsAsync(new GetCacheStatsRequest(), deadline: Deadline, cancellationToken: Token);
                break;
            case "GetCacheStatus":
                Assert.NotEmpty((await cache.GetCacheStatusAsync(request, deadline: Deadline, cancellationToken: Token)).Segments);
                break;
            case "ClearCache":
                await cache.ClearCacheAsync(new ClearCacheRequest { Scope = CacheScope.Memory }, deadline: Deadline, cancellationToken: Token);
                break;
            case "ValidateCache":
                await cache.ValidateCacheAsync(new ValidateCacheRequest(), deadline: Deadline, cancellationToken: Token);
                break;
            case "PreloadVoices":
                await voices.PreloadVoicesAsync(new PreloadVoicesRequest(), deadline: Deadline, cancellationToken: Token);
                break;
            case "DeleteVoice":
                await voices.DeleteVoiceAsync(new DeleteVoiceRequest { Id = "voice_never_created" }, deadline: Deadline, cancellationToken: Token);
                break;
            case "InstallVoice":
                using (var install = voices.InstallVoice(new InstallVoiceRequest { Name = "en_US-lessac-medium" }, deadline: Deadline, cancellationToken: Token))
                {
                    Assert.NotEmpty(await install.ResponseStream.ReadAllAsync(Token).ToListAsync(Token));
                }

                break;
            case "CreateVoice":
                using (var upload = voices.CreateVoice(deadline: Deadline, cancellationToken: Token))
                {
                    await SendAsync(upload.RequestStream, new CreateVoiceRequest { Config = new VoiceConfig { Name = "checked" } });
                    await upload;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "not a call of the API");
        }
    }

    /// <summary>
    /// Writes <paramref name="message"/> and completes the request stream. A server that refuses the call at once
    /// may end it while the client still writes; the write then fails and the call's own status comes with the response.
    /// </summary>
    private static async Task SendAsync<T>(IClientStreamWriter<T> requests, T message)
    {
        try
        {
            await requests.WriteAsync(message, Token);
            await requests.CompleteAsync();
        }
        catch (RpcException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>A server of its own with one admin and one client key, shared by this class's tests.</summary>
    public sealed class KeyedServer : IAsyncLifetime
    {
        private readonly TempDirectory _directory = new();

        public ServerFixture Server { get; private set; } = null!;

        public async ValueTask InitializeAsync() =>
            Server = await ServerFixture.StartAsync(_directory.Path, $"--Tts:Auth:AdminKeys:0={AdminKey}", $"--Tts:Auth:ClientKeys:0={ClientKey}");

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            _directory.Dispose();
        }
    }
}
