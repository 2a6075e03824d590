using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using DmmActors.Bootstrap;
using DmmActors.Persistence;
using Xunit;

namespace DmmActors.Tests.Persistence;

/// <summary>The group-commit SQLite writer: writes of many actors in one transaction, yet each write answered on its own.</summary>
[Collection("actors")]
public class GroupCommitJournalTests : TestKit
{
    static readonly string Dir = Directory.CreateTempSubdirectory("dmm-group-commit-").FullName;

    public GroupCommitJournalTests() : base(DmmSystem.WithJournalConfig(JournalTarget.Sqlite(
        SqliteJournal.Open(Path.Combine(Dir, $"{Guid.NewGuid():N}.db"), mustExist: false))))
    {
    }

    /// <summary>Persists what it is told and tells <c>report</c> how the write went.</summary>
    sealed class Writer : ReceivePersistentActor
    {
        readonly IActorRef report;

        public override string PersistenceId { get; }

        public static Props Props(string id, IActorRef report) => Akka.Actor.Props.Create(() => new Writer(id, report));

        public Writer(string id, IActorRef report)
        {
            PersistenceId = id;
            this.report = report;
            Recover<string>(_ => { });
            Command<string>(e =>
            {
                if (e == "ready") report.Tell("ready");
                else PersistAsync(e, stored => report.Tell($"stored {stored} as {LastSequenceNr}"));
            });
        }

        protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
        {
            report.Tell($"rejected {@event}");
            base.OnPersistRejected(cause, @event, sequenceNr);
        }
    }

    [Fact]
    public void A_refused_write_is_rejected_alone_and_the_writes_beside_it_are_stored()
    {
        var twinA = Sys.ActorOf(Writer.Props("twin", TestActor));
        var twinB = Sys.ActorOf(Writer.Props("twin", TestActor));
        var other = Sys.ActorOf(Writer.Props("other", TestActor));
        foreach (var a in new[] { twinA, twinB, other }) a.Tell("ready");
        ExpectMsg("ready"); ExpectMsg("ready"); ExpectMsg("ready");

        // Both twins recovered an empty stream, so both write sequence number 1: one of them is refused.
        twinA.Tell("a");
        twinB.Tell("b");
        other.Tell("c");
        var answers = new[] { ExpectMsg<string>(), ExpectMsg<string>(), ExpectMsg<string>() };
        Assert.Contains("stored c as 1", answers);
        Assert.Single(answers, a => a.StartsWith("rejected "));
        Assert.Single(answers, a => a is "stored a as 1" or "stored b as 1");
    }
}
