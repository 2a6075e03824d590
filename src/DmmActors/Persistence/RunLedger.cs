using Akka.Actor;
using Akka.Persistence;
using DmmActors.Protocol;

namespace DmmActors.Persistence;

/// <summary>
/// Written when a run starts: enough to find its anchors in the journal (how many, and over how
/// many journal partitions) and rebuild its scenario. A run written before partitions existed
/// reads as one partition: the journal itself.
/// </summary>
public sealed record RunStarted(string RunId, string Practice, int Anchors, int MobileNodes, string ScenarioText, DateTime StartedUtc,
    int Partitions = 1) : IDmmMessage;

/// <summary>Written when a run ends, with the checksum over every anchor's final binding cache.</summary>
public sealed record RunCompleted(string RunId, string BindingsChecksum, long Handovers) : IDmmMessage;

/// <summary>
/// Where a storm's schedule stood, written each second while its phases run: the phase (from
/// 0), how far into it on the wall clock, and the arrivals an open-model phase had issued. A
/// resumed storm takes a schedule with a closed-model phase up from the last one (ResumePoint).
/// </summary>
public sealed record StormProgress(string RunId, int Phase, long IntoPhaseMicroseconds, long IssuedInPhase) : IDmmMessage
{
    public TimeSpan IntoPhase => TimeSpan.FromMicroseconds(IntoPhaseMicroseconds);
}

/// <summary>
/// The journal's table of contents: one persistent actor, persistence id "dmm-runs", that
/// records each run, so several runs can share one journal without mixing their anchors.
/// </summary>
public sealed class RunLedger : ReceivePersistentActor
{
    public const string Id = "dmm-runs";

    /// <summary>Its name under /user in the process that drives a run.</summary>
    public const string ActorName = "runs";

    public sealed record Record(IDmmMessage Entry);

    public static Props Props() => Akka.Actor.Props.Create(() => new RunLedger());

    public override string PersistenceId => Id;

    public RunLedger()
    {
        Recover<IDmmMessage>(_ => { });
        Command<Record>(r =>
        {
            var replyTo = Sender;
            Persist(r.Entry, e => { if (!replyTo.IsNobody()) replyTo.Tell(e); });
        });
    }
}
