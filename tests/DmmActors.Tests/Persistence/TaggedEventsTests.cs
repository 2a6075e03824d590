using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using DmmActors.Bindings;
using DmmActors.Bootstrap;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Practices;
using DmmActors.Run;
using Xunit;

namespace DmmActors.Tests.Persistence;

/// <summary>
/// A run's binding events can be found again by tag through Akka.Persistence.Query, partition by
/// partition, and the direct row reader `dmm replay` uses reads the same events.
/// </summary>
[Collection("actors")]
public class TaggedEventsTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-tags-").FullName;

    [Fact]
    public async Task Events_are_tagged_by_practice_anchor_and_event_kind_in_every_partition()
    {
        var path = Path.Combine(dir, "journal.db");
        var journal = JournalTarget.Sqlite(SqliteJournal.Open(path, mustExist: false)) with { Partitions = 3 };
        var scenario = TestRuns.Scenario("pmipv6-multi-lma", mobileNodes: 60, handovers: 2, anchors: 6);
        var summary = await EmulationRun.ExecuteAsync(scenario, journal, new Progress<RunProgress>());
        Assert.Equal(3, summary.JournalPartitions);

        var all = new List<EventEnvelope>();
        var registrations = 0;
        var handoffs = 0;
        var perAnchor = new int[scenario.Anchors];
        for (int p = 0; p < 3; p++)
        {
            // Each partition file is a journal of Akka.Persistence.Sql's shape: its read journal reads it.
            var system = DmmSystem.WithJournal("query", JournalTarget.Sqlite(SqliteJournal.PartitionPath(path, p)));
            try
            {
                var query = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
                async Task<IReadOnlyList<EventEnvelope>> ByTag(string tag) =>
                    await query.CurrentEventsByTag(tag, Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());

                var inPartition = await ByTag("practice:pmipv6-multi-lma");
                all.AddRange(inPartition);
                var initial = await ByTag("event:registration");
                Assert.All(initial, e => Assert.Equal(RegistrationKind.Initial, Assert.IsType<BindingRegistered>(e.Event).Kind));
                registrations += initial.Count;
                handoffs += (await ByTag("event:handoff")).Count;
                for (int a = 0; a < scenario.Anchors; a++) perAnchor[a] += (await ByTag($"anchor:{a}")).Count;
                // Only the anchors whose persistence id hashes to this partition write here.
                Assert.All(inPartition, e => Assert.Equal(p, JournalPartitions.Of(e.PersistenceId, 3)));
                // "anchor:1" must not also match anchor-10 and the like.
                Assert.All(await ByTag("anchor:1"), e => Assert.EndsWith("/anchor-1", e.PersistenceId));
            }
            finally
            {
                await system.Terminate();
            }
        }

        Assert.Equal(60, registrations);
        Assert.Equal(120, handoffs);
        Assert.Equal(all.Count, perAnchor.Sum());
        Assert.All(all, e => Assert.StartsWith(summary.RunId + "/anchor-", e.PersistenceId));

        // The direct reader, one reader per partition, gives the same streams as the query side.
        var ids = Enumerable.Range(0, scenario.Anchors).Select(a => PersistenceIds.Anchor(summary.RunId, a)).ToArray();
        var streams = new JournalRows(journal).ReadAll(ids, 3);
        for (int a = 0; a < ids.Length; a++)
        {
            var viaQuery = all.Where(e => e.PersistenceId == ids[a]).OrderBy(e => e.SequenceNr).ToArray();
            Assert.Equal(viaQuery.Select(e => e.SequenceNr), streams[a].Select(e => e.SequenceNr));
            Assert.Equal(viaQuery.Select(e => e.Event), streams[a].Select(e => e.Payload));
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
