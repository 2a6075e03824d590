using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.DmmCpDpSplit;

/// <summary>
/// The data-plane side of a MAAR's anchoring function (FM-DP, draft §3; RFC 8885's Home-DPA): the
/// CMD programs it with a PBU carrying the Serving MAAR option, which installs the prefix's tunnel
/// towards the serving MAAR, or with lifetime 0 removes it (§3.2, §3.5). Programming takes
/// anchors.programming-delay after the PBU is processed; the PBA that confirms it echoes the
/// Serving MAAR option, with the D flag (§4.2). A PBU sent on in the CMD's name is authenticated
/// under the CMD's association with this anchor: a forged one fails it and is refused with 154
/// before this component is asked, and moves no route.
/// </summary>
public sealed class ForwardingRuleProgramming(IAnchorHost host) : IAnchorComponent
{
    readonly ModelTime delay = CpDpSplitSettings.Of(host.Run.Scenario).ProgrammingDelay;

    bool FromTheCmd(ProxyBindingUpdate pbu) => pbu.ServingMaar >= 0 && pbu.RelayedBy == host.Run.Topology.FirstRegionalAnchor;

    public ModelTime ProgrammingDelay(ProxyBindingUpdate pbu) => FromTheCmd(pbu) ? delay : ModelTime.Zero;

    public ProxyBindingAcknowledgement Acknowledging(ProxyBindingUpdate pbu, BindingDecision decision, ProxyBindingAcknowledgement pba) =>
        FromTheCmd(pbu) ? pba with { Dmm = true, ServingMaar = pbu.ServingMaar } : pba;

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;

    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;

    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
