using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Bootstrap;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Persistence;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Persistence;

/// <summary>An anchor journals to SQLite in a temp directory, is stopped, and comes back with the same cache.</summary>
[Collection("actors")]
public class AnchorRecoveryTests : TestKit, IDisposable
{
    readonly string journal;

    public AnchorRecoveryTests() : this(NewJournal()) { }

    AnchorRecoveryTests(string journal) : base(DmmSystem.WithJournalConfig(JournalTarget.Sqlite(journal))) => this.journal = journal;

    static string NewJournal() =>
        SqliteJournal.Open(Path.Combine(Directory.CreateTempSubdirectory("dmm-recovery-").FullName, "journal.db"), mustExist: false);

    [Fact]
    public async Task A_recovered_anchor_has_every_acknowledged_binding()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6", mobileNodes: 50));
        var mags = Enumerable.Range(0, run.Topology.AccessRouters).Select(r => CreateTestProbe($"ar-{r}")).ToArray();
        for (int r = 0; r < mags.Length; r++) run.Directory.AccessRouters[r] = mags[r].Ref;
        var lma = Sys.ActorOf(AnchorActor.Props(run, 0), "anchor-0");
        var lifetime = run.Scenario.BindingLifetime;

        for (int mn = 0; mn < 50; mn++)
        {
            var t = ModelTime.FromSeconds(mn);
            Register(run, lma, mags, mn, procedure: 1, mag: mn % 9, t, lifetime);
            if (mn % 3 == 0) Register(run, lma, mags, mn, 2, (mn + 1) % 9, t + ModelTime.FromSeconds(1), lifetime);
            if (mn % 5 == 0) Register(run, lma, mags, mn, 3, mn % 3 == 0 ? (mn + 1) % 9 : mn % 9, t + ModelTime.FromSeconds(2), ModelTime.Zero);
        }
        var before = await lma.Ask<BindingCacheSnapshot>(GetBindingCache.Instance, TimeSpan.FromSeconds(20));

        // Stop the anchor as soon as the last PBA is in: every acknowledged binding must already be durable.
        Watch(lma);
        Sys.Stop(lma);
        ExpectTerminated(lma);

        var recovered = Sys.ActorOf(AnchorActor.Props(run, 0), "anchor-0-again");
        var after = await recovered.Ask<BindingCacheSnapshot>(GetBindingCache.Instance, TimeSpan.FromSeconds(20));

        Assert.Equal(50, after.Entries.Count);
        Assert.Equal(10, after.Entries.Count(e => e.State == BindingState.DeregistrationPending));
        Assert.Equal(before.Entries.OrderBy(e => e.MnId.Index), after.Entries.OrderBy(e => e.MnId.Index));
        Assert.Equal(BindingsChecksum.Compute([(0, before.Entries)]), BindingsChecksum.Compute([(0, after.Entries)]));
    }

    static void Register(RunContext run, IActorRef lma, TestProbe[] mags, int mn, int procedure, int mag, ModelTime t, ModelTime lifetime)
    {
        var id = new MnIdentifier(mn);
        lma.Tell(new ProxyBindingUpdate(new ProcedureRef(id, procedure, ProcedureKind.Handover), t, id, Prefix64.None,
            HandoffIndicator.HandoffStateUnknown, (ushort)procedure, t, Lifetime.ToUnits(lifetime), mag).FromItsMag(run, 0), mags[mag].Ref);
        Assert.Equal(BindingStatus.Accepted, mags[mag].ExpectMsg<ProxyBindingAcknowledgement>(TimeSpan.FromSeconds(20)).Status);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path.GetDirectoryName(journal)!, recursive: true); } catch (IOException) { }
    }
}
