using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bootstrap;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Loading;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Policy;
using DmmActors.Protocol;

namespace DmmActors.LoadTests;

/// <summary>
/// Registrations fired at the anchors as fast as they take them, each acknowledged only once
/// its binding event is durable: the emulator's journal path, end to end.
/// </summary>
public static class AnchorJournalLoad
{
    sealed class AckCounter(int expected, TaskCompletionSource done) : ReceiveActor
    {
        int acks;

        protected override void PreStart() => Become(() =>
            Receive<ProxyBindingAcknowledgement>(pba =>
            {
                if (pba.Status != BindingStatus.Accepted) done.TrySetException(new InvalidOperationException($"PBA status {pba.Status}"));
                if (++acks == expected) done.TrySetResult();
            }));
    }

    public static async Task<(double EventsPerSecond, long Rows)> Run(JournalTarget journal, int registrations, int anchors, Config? journalOverrides)
    {
        var scenario = ScenarioLoader.Parse($$"""
            dmm.scenario { practice = pmipv6-multi-lma, mobile-nodes = {{registrations}}, topology { anchors = {{anchors}} } }
            """, "journal benchmark");
        var topology = Practices.PracticeTopology.Of(scenario);
        var directory = new NodeDirectory(topology.AccessRouters, topology.Anchors, topology.Correspondents, scenario.MobileNodes);
        var firstRouters = Enumerable.Range(0, registrations).Select(i => i % topology.AccessRouters).ToArray();
        var policy = new PolicyStore(topology, firstRouters);
        // A run id of its own, so a PostgreSQL database can take the benchmark again.
        var run = new RunContext(scenario, topology, policy, directory, new RunRecorder(), $"bench-{Guid.NewGuid():N}")
        {
            JournalPartitions = journal.Partitions,
        };
        var system = DmmSystem.WithJournal("bench", journal, journalOverrides);
        try
        {
            for (int a = 0; a < anchors; a++) directory.Anchors[a] = system.ActorOf(AnchorActor.Props(run, a), $"anchor-{a}");
            // Recovery of empty journals is not what is measured.
            await Task.WhenAll(directory.Anchors.Select(a => a.Ask<BindingCacheSnapshot>(GetBindingCache.Instance, TimeSpan.FromMinutes(1))));

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var counter = system.ActorOf(Props.Create(() => new AckCounter(registrations, done)));
            // The counter stands in for every MAG, so the anchors' authorization accepts its PBUs.
            Array.Fill(directory.AccessRouters, counter);
            var lifetime = Lifetime.ToUnits(ModelTime.FromSeconds(3600));
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < registrations; i++)
            {
                var mn = new MnIdentifier(i);
                var t = ModelTime.FromMilliseconds(i);
                directory.Anchors[policy.AnchorOf(mn)].Tell(new ProxyBindingUpdate(new ProcedureRef(mn, 1, ProcedureKind.Attach), t, mn,
                    Prefix64.None, HandoffIndicator.AttachmentOverNewInterface, 1, t, lifetime, firstRouters[i]), counter);
            }
            await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
            var rate = registrations / clock.Elapsed.TotalSeconds;
            return (rate, registrations);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
