using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>
/// Who may register what at an anchor, once the message's authentication has shown who sent it
/// (RunContext.Authentic, under the security associations of Security): the peers it names
/// must exist, and the node's policy must name this anchor where the practice's policy names
/// one (<paramref name="policyNamesTheAnchor"/>, as the practice's composition says: AnchorParts).
/// </summary>
public sealed class RegistrationAuthorization(RunContext run, int anchor, bool policyNamesTheAnchor)
{
    bool Known(MnIdentifier mn) => (uint)mn.Index < (uint)run.Directory.MobileNodes.Length;

    /// <summary>The status to refuse a PBU with, or null to process it (RFC 5213 §5.3.1).</summary>
    public BindingStatus? RefuseProxy(ProxyBindingUpdate pbu)
    {
        // RFC 5213 §5.3.1: a proxy care-of address that is no MAG of the domain.
        if ((uint)pbu.ProxyCareOf >= (uint)run.Directory.AccessRouters.Length) return BindingStatus.MagNotAuthorizedForProxyReg;
        if (!Known(pbu.MnId)) return BindingStatus.NotLmaForThisMobileNode;
        // The node's policy profile names its LMA (§6.2); another LMA does not serve it. With
        // distributed anchors a node has one anchor per prefix (draft §5.1), and the anchor's
        // binding cache says which prefixes it serves.
        if (policyNamesTheAnchor && run.Policy.AnchorOf(pbu.MnId) != anchor)
            return BindingStatus.NotLmaForThisMobileNode;
        return null;
    }

    /// <summary>
    /// The status to refuse a PBU that arrived at <paramref name="arrival"/> with before its binding
    /// is decided, or null to decide it: unauthenticated (RFC 4285 §5) or unauthorised (RFC 5213
    /// §5.3.1), without a mandatory option, or with a timestamp outside the validity window (§5.5),
    /// counted as such. <paramref name="fresh"/> says whether the timestamp was within it.
    /// </summary>
    public BindingStatus? RefuseProxy(ProxyBindingUpdate pbu, bool authentic, ModelTime arrival, out bool fresh)
    {
        var unauthorised = authentic ? RefuseProxy(pbu) : BindingStatus.MagNotAuthorizedForProxyReg;
        if (unauthorised is not null) run.Recorder.Unauthorised();
        fresh = Security.TimestampValidity.Within(pbu.Timestamp, arrival, run.Scenario.Security.TimestampValidityWindow);
        var refusal = unauthorised ?? pbu.MissingMandatoryOption ?? (fresh ? null : BindingStatus.TimestampMismatch);
        if (refusal == BindingStatus.TimestampMismatch) run.Recorder.Counters.Add(Metrics.Counter.TimestampMismatches);
        return refusal;
    }

    /// <summary>A context transfer names another anchor of the domain as its peer (RFC 4067 §6: CXTP between authorised routers).</summary>
    public bool AnotherAnchor(int claimed) => (uint)claimed < (uint)run.Directory.Anchors.Length && claimed != anchor;

    /// <summary>A BU names a node of the domain, whose security association with its home agent it can carry (RFC 6275 §9.5.1).</summary>
    public bool KnownNode(BindingUpdate bu) => Known(bu.MnId);

    /// <summary>
    /// The status to refuse a BU with, or null to process it. A home agent serves the nodes its
    /// policy names, or where no policy names one, any node whose home address is on a prefix of
    /// its own pool (a node that found it by discovery, RFC 6275 §10.5); a MAP binds only regional
    /// care-of addresses on its own link, and only from a local BU (the M flag, RFC 5380 §4, §6.2).
    /// </summary>
    public BindingStatus? RefuseHome(BindingUpdate bu) => run.Topology.IsRegionalAnchor(anchor)
        ? bu.MapRegistration && bu.HomePrefix == CareOfAddress.RegionalPrefix(anchor, bu.MnId) ? null : BindingStatus.NotHomeAgentForThisMobileNode
        : bu.MapRegistration || !ServesHome(bu) ? BindingStatus.NotHomeAgentForThisMobileNode : null;

    bool ServesHome(BindingUpdate bu) => policyNamesTheAnchor
        ? run.Policy.AnchorOf(bu.MnId) == anchor
        : bu.HomePrefix == Prefix64.Delegated(anchor, bu.MnId.Index);
}
