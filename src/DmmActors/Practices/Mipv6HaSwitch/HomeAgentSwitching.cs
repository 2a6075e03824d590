using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mipv6HaSwitch;

/// <summary>
/// A home agent that hands nodes to others (RFC 5142 §4): after accepting a node's registration,
/// where another home agent is nearer the node's care-of address, or where this one binds more
/// nodes than the scenario's threshold, it sends the node a Home Agent Switch naming the other
/// home agents, nearest the care-of address first. It knows where the care-of address is from
/// routing, and nothing of the other agents' load.
/// </summary>
public sealed class HomeAgentSwitching : IAnchorComponent
{
    readonly RunContext run;
    readonly IAnchorHost host;
    readonly int loadThreshold;
    Endpoint Here => Endpoint.Anchor(host.Index);

    public HomeAgentSwitching(IAnchorHost host)
    {
        (this.host, run) = (host, host.Run);
        loadThreshold = SwitchSettings.Of(run.Scenario).LoadThreshold;
    }

    bool Loaded => loadThreshold > 0 && host.Cache.ActiveBindings > loadThreshold;

    public Action? Decided(BindingDecision decision, BindingUpdate bu, IActorRef node, ModelTime processedAt)
    {
        if (!decision.Accepted || bu.LifetimeUnits == 0 || bu.Procedure.Kind == ProcedureKind.Refresh) return null;
        var careOf = Endpoint.AccessRouter(bu.CareOfRouter);
        ModelTime Delay(int homeAgent) => run.Channel.Path(careOf, Endpoint.Anchor(homeAgent)).Delay;
        var others = Enumerable.Range(0, run.Topology.FirstRegionalAnchor).Where(a => a != host.Index);
        var own = Delay(host.Index);
        if (!Loaded && !others.Any(a => Delay(a) < own)) return null;
        var offered = others.OrderBy(Delay).ThenBy(a => a).ToArray();
        if (offered.Length == 0) return null;
        return () =>
        {
            run.Recorder.Counters.Add(Metrics.Counter.HomeAgentSwitchesOffered);
            var message = new HomeAgentSwitch(bu.Procedure, processedAt, host.Index, bu.HomePrefix, bu.CareOfRouter, offered);
            // To the reference the BA went to, so that the node has it before it moves on.
            run.Signalling.Send(node, Endpoint.MobileNode(bu.MnId, bu.CareOfRouter), message, host.Self, Here);
        };
    }

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;
    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;
    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
