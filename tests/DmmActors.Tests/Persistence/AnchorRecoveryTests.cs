using Akka.Actor;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Persistence;
using DmmActors.Protocol;
using DmmActors.Run;
using Xunit;

namespace DmmActors.Tests.Persistence;

/// <summary>An anchor journals to SQLite, is stopped with its actor system, and comes back with the same cache.</summary>
[Collection("actors")]
public class AnchorRecoveryTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-recovery-").FullName;

    [Fact]
    public async Task A_recovered_anchor_has_every_acknowledged_binding()
    {
        var journal = SqliteJournal.Open(Path.Combine(dir, "journal.db"), mustExist: false);
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6", mobileNodes: 50));
        var timeout = TimeSpan.FromSeconds(20);

        BindingCacheSnapshot before;
        var first = DmmSystem.WithSqliteJournal("first", journal);
        try
        {
            var lma = first.ActorOf(AnchorActor.Props(run, 0), "anchor-0");
            for (int mn = 0; mn < 50; mn++)
            {
                var id = new MnIdentifier(mn);
                var t = ModelTime.FromSeconds(mn);
                var pba = await Register(lma, id, 1, mag: mn % 9, t, run.Scenario.BindingLifetime, timeout);
                Assert.Equal(BindingStatus.Accepted, pba.Status);
                if (mn % 3 == 0) // handoff to the next MAG
                    Assert.Equal(BindingStatus.Accepted, (await Register(lma, id, 2, (mn + 1) % 9, t + ModelTime.FromSeconds(1), run.Scenario.BindingLifetime, timeout)).Status);
                if (mn % 5 == 0) // de-registration from the MAG that holds the binding
                    Assert.Equal(BindingStatus.Accepted, (await Register(lma, id, 3, mn % 3 == 0 ? (mn + 1) % 9 : mn % 9, t + ModelTime.FromSeconds(2), ModelTime.Zero, timeout)).Status);
            }
            before = await lma.Ask<BindingCacheSnapshot>(GetBindingCache.Instance, timeout);
        }
        finally
        {
            // Everything acknowledged above must already be durable: the system goes down at once.
            await first.Terminate();
        }

        var second = DmmSystem.WithSqliteJournal("second", journal);
        try
        {
            var lma = second.ActorOf(AnchorActor.Props(run, 0), "anchor-0");
            var after = await lma.Ask<BindingCacheSnapshot>(GetBindingCache.Instance, timeout);

            Assert.Equal(50, after.Entries.Count);
            Assert.Equal(10, after.Entries.Count(e => e.State == BindingState.DeregistrationPending));
            Assert.Equal(before.Entries.OrderBy(e => e.MnId.Index), after.Entries.OrderBy(e => e.MnId.Index));
            Assert.Equal(BindingsChecksum.Compute([(0, before.Entries)]), BindingsChecksum.Compute([(0, after.Entries)]));
        }
        finally
        {
            await second.Terminate();
        }
    }

    static Task<ProxyBindingAcknowledgement> Register(IActorRef lma, MnIdentifier id, int procedure, int mag, ModelTime t,
        ModelTime lifetime, TimeSpan timeout) =>
        lma.Ask<ProxyBindingAcknowledgement>(new ProxyBindingUpdate(new ProcedureRef(id, procedure, ProcedureKind.Handover), t, id,
            Prefix64.None, HandoffIndicator.HandoffStateUnknown, (ushort)procedure, t, Lifetime.ToUnits(lifetime), mag), timeout);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
