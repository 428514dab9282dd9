using TtsGrpc.Protos.V1;
using TtsGrpc.Server.Security;

namespace TtsGrpc.Tests.Unit;

public sealed class AccessPolicyTests
{
    [Fact]
    public void KindOf_EveryApiMethod_AdminOnlyForCallsThatChangeCacheOrVoices()
    {
        string[] admin = ["/tts.v1.CacheAdmin/ClearCache", "/tts.v1.CacheAdmin/ValidateCache", "/tts.v1.Voices/CreateVoice", "/tts.v1.Voices/DeleteVoice", "/tts.v1.Voices/PreloadVoices", "/tts.v1.Voices/InstallVoice"];
        var methods = new[] { TextToSpeech.Descriptor, Voices.Descriptor, CacheAdmin.Descriptor }
            .SelectMany(service => service.Methods.Select(m => $"/{service.FullName}/{m.Name}"))
            .ToList();

        Assert.All(methods, m => Assert.Equal(admin.Contains(m) ? AccessLevel.Admin : AccessLevel.Client, AccessPolicy.KindOf(m)));
        Assert.All(admin, m => Assert.Contains(m, methods));
    }

    [Theory]
    [InlineData("/grpc.health.v1.Health/Check")]
    [InlineData("/grpc.health.v1.Health/Watch")]
    [InlineData("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")]
    [InlineData("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")]
    public void KindOf_HealthAndReflection_Open(string method) => Assert.Equal(AccessLevel.Open, AccessPolicy.KindOf(method));
}
