using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using DmmActors.Bindings;
using DmmActors.Persistence;
using DmmActors.Run;
using Xunit;

namespace DmmActors.Tests.Persistence;

/// <summary>A run's binding events can be found again by tag, as a replay will look for them.</summary>
[Collection("actors")]
public class TaggedEventsTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-tags-").FullName;

    [Fact]
    public async Task Events_are_tagged_by_practice_anchor_and_event_kind()
    {
        var journal = JournalTarget.Sqlite(SqliteJournal.Open(Path.Combine(dir, "journal.db"), mustExist: false));
        var scenario = TestRuns.Scenario("pmipv6-multi-lma", mobileNodes: 60, handovers: 2);
        var summary = await EmulationRun.ExecuteAsync(scenario, journal, new Progress<RunProgress>());

        var system = DmmSystem.WithJournal("query", journal);
        try
        {
            var query = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            async Task<IReadOnlyList<EventEnvelope>> ByTag(string tag) =>
                await query.CurrentEventsByTag(tag, Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());

            var all = await ByTag("practice:pmipv6-multi-lma");
            var registrations = await ByTag("event:registration");
            var handoffs = await ByTag("event:handoff");
            var perAnchor = new List<int>();
            for (int a = 0; a < scenario.Anchors; a++) perAnchor.Add((await ByTag($"anchor:{a}")).Count);

            Assert.Equal(60, registrations.Count);
            Assert.Equal(120, handoffs.Count);
            Assert.All(registrations, e => Assert.Equal(RegistrationKind.Initial, Assert.IsType<BindingRegistered>(e.Event).Kind));
            Assert.Equal(all.Count, perAnchor.Sum());
            Assert.All(all, e => Assert.StartsWith(summary.RunId + "/anchor-", e.PersistenceId));
            // "anchor:1" must not also match anchor-10 and the like.
            Assert.All(await ByTag("anchor:1"), e => Assert.EndsWith("/anchor-1", e.PersistenceId));
        }
        finally
        {
            await system.Terminate();
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
