namespace TtsGrpc.Tests.Support;

/// <summary>
/// Test classes that count what every server in this process measures: a scrape aggregates every meter of the
/// service's name in the process (the exporter finds meters by name), and a MeterListener hears them all. They run
/// by themselves, after the parallel classes, so other classes' servers add nothing to the counts they assert.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeters
{
    public const string Name = "Process-wide meters";
}
