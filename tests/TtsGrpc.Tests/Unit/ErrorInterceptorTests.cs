using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TtsGrpc.Server.Interceptors;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Unit;

/// <summary>
/// What ErrorInterceptor answers for what a handler throws: what a call its client ended leaves behind is CANCELLED
/// or DEADLINE_EXCEEDED at Debug, even when the abort is reported after the failed read; a fault of the server is
/// still INTERNAL, logged at Error.
/// </summary>
public sealed class ErrorInterceptorTests : IDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ILoggerFactory _loggers;
    private readonly ErrorInterceptor _interceptor;
    private readonly CancellationTokenSource _callToken = new();
    private readonly CancellationTokenSource _aborted = new();

    public ErrorInterceptorTests()
    {
        _loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new QueueLoggerProvider(_log)));
        _interceptor = new ErrorInterceptor(_loggers.CreateLogger<ErrorInterceptor>());
    }

    public void Dispose()
    {
        _loggers.Dispose();
        _callToken.Dispose();
        _aborted.Dispose();
    }

    [Fact]
    public async Task Unary_ResetReadBeforeTheAbortIsRaised_CancelledAtDebug()
    {
        var context = Context(DateTime.MaxValue);

        var call = Run(new IOException("The client reset the request stream."), context);
        Assert.False(call.IsCompleted); // waiting for Kestrel to report the abort
        await _aborted.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        AssertLoggedOnlyAt(LogLevel.Debug);
    }

    [Fact]
    public async Task Unary_WriteAfterTheClientCancelled_Cancelled()
    {
        await _callToken.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Run(
            new InvalidOperationException("Can't write the message because the request is complete."), Context(DateTime.MaxValue)).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        AssertLoggedOnlyAt(LogLevel.Debug);
    }

    [Fact]
    public async Task Unary_CancelledAfterItsDeadline_DeadlineExceeded()
    {
        await _callToken.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Run(
            new OperationCanceledException(_callToken.Token), Context(DateTime.UtcNow.AddSeconds(-1))).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        AssertLoggedOnlyAt(LogLevel.Debug);
    }

    [Fact]
    public async Task Unary_GenuineFailureOfALiveCall_InternalAndLoggedAsAnError()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Run(
            new InvalidOperationException("a bug"), Context(DateTime.MaxValue)).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains(_log, line => line.StartsWith("Error ", StringComparison.Ordinal) && line.Contains("a bug", StringComparison.Ordinal));
    }

    /// <summary>An I/O error that no abort follows is the server's: INTERNAL once the short wait for an abort is over.</summary>
    [Fact]
    public async Task Unary_IOErrorOfALiveCall_InternalAndLoggedAsAnError()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Run(
            new IOException("disk failure"), Context(DateTime.MaxValue)).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains(_log, line => line.StartsWith("Error ", StringComparison.Ordinal) && line.Contains("disk failure", StringComparison.Ordinal));
    }

    private Task<string> Run(Exception thrown, ServerCallContext context) =>
        _interceptor.UnaryServerHandler<string, string>("request", context, (_, _) => Task.FromException<string>(thrown));

    private CallContext Context(DateTime deadline)
    {
        var context = new CallContext(_callToken.Token, deadline);
        context.UserState["__HttpContext"] = new DefaultHttpContext { RequestAborted = _aborted.Token }; // what GetHttpContext() reads outside ASP.NET Core
        return context;
    }

    private void AssertLoggedOnlyAt(LogLevel level)
    {
        Assert.NotEmpty(_log);
        Assert.All(_log, line => Assert.StartsWith(level + " ", line, StringComparison.Ordinal));
    }

    private sealed class CallContext(CancellationToken token, DateTime deadline) : ServerCallContext
    {
        protected override string MethodCore => "/tts.v1.TextToSpeech/Synthesize";

        protected override string HostCore => "localhost";

        protected override string PeerCore => "ipv4:127.0.0.1:5000";

        protected override DateTime DeadlineCore => deadline;

        protected override Metadata RequestHeadersCore { get; } = [];

        protected override CancellationToken CancellationTokenCore => token;

        protected override Metadata ResponseTrailersCore { get; } = [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore { get; } = new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
