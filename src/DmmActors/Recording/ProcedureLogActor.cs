using Akka.Actor;
using Akka.Persistence;
using DmmActors.Configuration;
using DmmActors.Persistence;

namespace DmmActors.Recording;

/// <summary>How a procedure log gathers facts into journal events (cluster-config/persistence.conf, dmm.persistence.procedure-facts).</summary>
public sealed record ProcedureLogSettings(TimeSpan WriteInterval, int MaxBatch)
{
    static readonly Lazy<ProcedureLogSettings> Shipped = new(() =>
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString(EmbeddedConfig.Text("persistence.conf"))
            .GetConfig("dmm.persistence.procedure-facts");
        return new ProcedureLogSettings(config.GetTimeSpan("write-interval"), config.GetInt("max-batch"));
    });

    public static ProcedureLogSettings Default => Shipped.Value;
}

/// <summary>
/// Makes the procedure facts of the nodes in this process durable, in one journal partition.
/// Off the acknowledgement path: a node tells its fact and carries on; the log gathers facts for
/// a write interval and writes them as one event. What was not yet written when the process
/// dies is lost, as the live run's view of it is: replay and resume then start from the facts
/// before it, and the anchors' journal is ahead of them.
/// </summary>
public sealed class ProcedureLogActor : ReceivePersistentActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Asks for every fact told so far to be durable; answered with <see cref="FactsDurable"/>.</summary>
    public sealed record MakeDurable
    {
        public static readonly MakeDurable Instance = new();
    }

    public sealed record FactsDurable(long Facts);

    sealed record WriteBatch
    {
        public static readonly WriteBatch Instance = new();
    }

    /// <summary>Every log of run <paramref name="runId"/> has an id that starts so; replay reads them by it.</summary>
    public static string PersistenceIdPrefix(string runId) => $"{runId}/procedures/";

    public static Props Props(string runId, string incarnation, int partition, ProcedureLogSettings settings) =>
        Akka.Actor.Props.Create(() => new ProcedureLogActor(runId, incarnation, partition, settings));

    public override string PersistenceId { get; }

    List<ProcedureFact> pending = new();
    bool writeScheduled;
    long told;

    /// <param name="incarnation">Unique to this process and run: a resumed run's logs never write over the stream of the process before.</param>
    public ProcedureLogActor(string runId, string incarnation, int partition, ProcedureLogSettings settings)
    {
        PersistenceId = $"{PersistenceIdPrefix(runId)}{incarnation}/{partition}";
        JournalPluginId = JournalPartitions.PluginId(partition);
        Command<ProcedureFact>(fact =>
        {
            told++;
            pending.Add(fact);
            if (pending.Count >= settings.MaxBatch) Write();
            else if (!writeScheduled)
            {
                writeScheduled = true;
                Timers.StartSingleTimer(WriteBatch.Instance, WriteBatch.Instance, settings.WriteInterval);
            }
        });
        Command<WriteBatch>(_ =>
        {
            writeScheduled = false;
            Write();
        });
        Command<MakeDurable>(_ =>
        {
            Write();
            var (asker, facts) = (Sender, told);
            DeferAsync(facts, n => asker.Tell(new FactsDurable(n)));
        });
    }

    /// <summary>A new stream: nothing to recover.</summary>
    public override Recovery Recovery => Recovery.None;

    void Write()
    {
        if (pending.Count == 0) return;
        var batch = new ProcedureFacts(pending);
        pending = new List<ProcedureFact>();
        PersistAsync(batch, _ => { });
    }
}
