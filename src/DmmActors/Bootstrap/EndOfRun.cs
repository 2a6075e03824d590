using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Practices;

namespace DmmActors.Bootstrap;

/// <summary>What every driver of a run (walks or a storm) does around the nodes' moves.</summary>
public static class EndOfRun
{
    /// <summary>
    /// An anchor stops when a journal write fails; its nodes would wait for ever. A sharded
    /// anchor is restarted by its region instead, on another node if its own is gone.
    /// </summary>
    public static void WatchAnchors(IActorContext context, RunContext run)
    {
        foreach (var anchor in run.Directory.Anchors)
            if (anchor is not ShardedRef) context.Watch(anchor);
    }

    public static RunFailed AnchorStopped(Terminated t, string during) =>
        new($"{t.ActorRef.Path.Name} stopped during {during}: its journal write or recovery failed (see the log above)");

    /// <summary>
    /// Has every location client refresh its bindings up to <paramref name="until"/>, the model
    /// time the run ends at, so the final binding caches hold every node. Returns how many
    /// <see cref="BindingsExtended"/> replies to wait for.
    /// </summary>
    public static int ExtendBindings(RunContext run, Addressing.ModelTime until, IActorRef replyTo)
    {
        var clients = run.Services.Get<Functions.INodeComposition>().LocationClientHost == NodeKind.AccessRouter
            ? run.Directory.AccessRouters
            : run.Directory.MobileNodes;
        foreach (var client in clients) client.Tell(new ExtendBindings(until), replyTo);
        return clients.Length;
    }
}
