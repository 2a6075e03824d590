using Akka.Actor;
using DmmActors.Control;

namespace DmmActors.Recording;

/// <summary>
/// Where this process's mobile nodes record their procedure facts: one log actor per journal
/// partition, each node always to the same one. Empty where nothing is journalled (protocol
/// tests), and then a fact goes nowhere.
/// </summary>
public sealed class ProcedureFactLog
{
    IActorRef[] logs = [];

    /// <summary>Starts this process's logs for the run, one per journal partition.</summary>
    public void Start(ActorSystem system, string runId, int partitions)
    {
        var incarnation = Guid.NewGuid().ToString("N")[..12];
        logs = Enumerable.Range(0, partitions)
            .Select(p => system.ActorOf(ProcedureLogActor.Props(runId, incarnation, p, ProcedureLogSettings.Default), $"procedure-log-{p}"))
            .ToArray();
    }

    public void Record(ProcedureFact fact)
    {
        if (logs.Length > 0) logs[fact.Procedure.MobileNode.Index % logs.Length].Tell(fact, ActorRefs.NoSender);
    }

    /// <summary>Waits until every fact recorded so far is in the journal; returns how many were recorded.</summary>
    public async Task<long> MakeDurableAsync(TimeSpan timeout)
    {
        var written = await Task.WhenAll(logs.Select(l =>
            l.AskOrFail<ProcedureLogActor.FactsDurable>(ProcedureLogActor.MakeDurable.Instance, timeout, $"procedure log {l.Path.Name}")));
        return written.Sum(w => w.Facts);
    }
}
