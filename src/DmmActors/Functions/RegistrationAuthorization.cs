using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Run;

namespace DmmActors.Functions;

/// <summary>
/// Who may register what at an anchor. Real deployments protect PBU/PBA with IPsec between
/// MAG and LMA (RFC 5213 §4) and BU/BA between node and home agent (RFC 6275 §5.1); here
/// the sender's actor path (its node's address and its name) plays the security
/// association's part. In a cluster run the expected peer is a sharded entity, which may
/// live on any node: its sharding path identifies it.
/// </summary>
public sealed class RegistrationAuthorization(RunContext run, int anchor)
{
    bool Known(MnIdentifier mn) => (uint)mn.Index < (uint)run.Directory.MobileNodes.Length;

    /// <summary>The status to refuse a PBU with, or null to process it (RFC 5213 §5.3.1).</summary>
    public BindingStatus? RefuseProxy(ProxyBindingUpdate pbu, IActorRef sender)
    {
        // Only the MAG named as proxy care-of address may register through it.
        if ((uint)pbu.ProxyCareOf >= (uint)run.Directory.AccessRouters.Length || !SamePeer(sender, run.Directory.AccessRouters[pbu.ProxyCareOf]))
            return BindingStatus.MagNotAuthorizedForProxyReg;
        if (!Known(pbu.MnId)) return BindingStatus.NotLmaForThisMobileNode;
        // The node's policy profile names its LMA (§6.2); another LMA does not serve it. With
        // distributed anchors a node has one anchor per prefix (draft §5.1), and the anchor's
        // binding cache says which prefixes it serves.
        if (run.Composition.PolicyNamesTheAnchor && run.Policy.AnchorOf(pbu.MnId) != anchor)
            return BindingStatus.NotLmaForThisMobileNode;
        return null;
    }

    /// <summary>A context transfer is accepted only from the anchor it names as its source (RFC 4067 §6: CXTP between authorised routers).</summary>
    public bool FromAnchor(int claimed, IActorRef sender) =>
        (uint)claimed < (uint)run.Directory.Anchors.Length && claimed != anchor && SamePeer(sender, run.Directory.Anchors[claimed]);

    /// <summary>RFC 6275 §9.5.1: a BU not protected by the node's own security association is silently discarded.</summary>
    public bool FromTheNodeItself(BindingUpdate bu, IActorRef sender) =>
        Known(bu.MnId) && SamePeer(sender, run.Directory.MobileNodes[bu.MnId.Index]);

    static bool SamePeer(IActorRef sender, IActorRef? expected) => expected switch
    {
        null => false,
        Cluster.ShardedRef sharded => sharded.Identifies(sender),
        _ => sender.Path.Equals(expected.Path),
    };

    /// <summary>
    /// The status to refuse a BU with, or null to process it. A home agent serves the nodes its
    /// policy names; a MAP binds only regional care-of addresses on its own link, and only from
    /// a local BU (the M flag, RFC 5380 §4, §6.2).
    /// </summary>
    public BindingStatus? RefuseHome(BindingUpdate bu) => run.Topology.IsMobilityAnchorPoint(anchor)
        ? bu.MapRegistration && bu.HomePrefix == CareOfAddress.RegionalPrefix(anchor, bu.MnId) ? null : BindingStatus.NotHomeAgentForThisMobileNode
        : bu.MapRegistration || run.Policy.AnchorOf(bu.MnId) != anchor ? BindingStatus.NotHomeAgentForThisMobileNode : null;
}
