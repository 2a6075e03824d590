using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;

namespace DmmActors.Cluster;

/// <summary>
/// A partition injected at one member: its throttler adapter (ClusterNodeSettings.FaultInjection)
/// drops every frame to and from the other members, both ways, so that each side sees the other
/// stop answering, as a cut cable would show it, while both stay alive. Akka's split-brain
/// resolver then decides which side goes on.
/// </summary>
public sealed class NetworkFault
{
    readonly HashSet<Address> cut = new();
    TaskCompletionSource healed = NewSignal();

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the partition in place now is healed.</summary>
    public Task Healed => healed.Task;

    /// <summary>The members this one is cut from, as host and port (an incarnation that comes back there is cut too).</summary>
    public IReadOnlyCollection<Address> Cut => cut;

    public bool Isolated => cut.Count > 0;

    /// <summary>Cuts the member off from every other member it knows of now; returns how many.</summary>
    public async Task<int> IsolateAsync(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        if (cut.Count == 0) healed = NewSignal();
        foreach (var member in cluster.State.Members.Select(m => m.Address).Where(a => a != cluster.SelfAddress))
            cut.Add(member);
        await ApplyAsync(system, Blackhole.Instance);
        return cut.Count;
    }

    /// <summary>Lets traffic through again, on the system that was cut or on one started since.</summary>
    public async Task HealAsync(ActorSystem? system)
    {
        if (system is not null && !system.WhenTerminated.IsCompleted) await ApplyAsync(system, Unthrottled.Instance);
        cut.Clear();
        healed.TrySetResult();
    }

    async Task ApplyAsync(ActorSystem system, ThrottleMode mode)
    {
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)system).Provider).Transport;
        foreach (var address in cut)
            if (!await transport.ManagementCommand(new SetThrottle(address, ThrottleTransportAdapter.Direction.Both, mode)))
                throw new InvalidOperationException($"the transport did not take the throttle for {address}: is fault injection on?");
    }
}
