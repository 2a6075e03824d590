using DmmActors.Addressing;

namespace DmmActors.Functions;

/// <summary>
/// What a practice places on each node kind (its mobility functions, draft §3), asked once by each
/// node as it starts, as ns-3's helpers install protocols on a node. A node hosts what it is given
/// and never learns which practice gave it.
/// </summary>
public interface INodeComposition
{
    /// <summary>The node kind whose location client registers and refreshes the bindings.</summary>
    NodeKind LocationClientHost { get; }

    /// <summary>The anchor's rules and the components it hosts beside its location server and forwarding.</summary>
    AnchorParts Compose(IAnchorHost anchor);

    AccessRouterParts Compose(IAccessRouterHost router);

    MobileNodeParts Compose(IMobileNodeHost node);

    /// <summary>What a correspondent hosts beyond sending to the prefix's anchor (a binding cache, RFC 6275 §9).</summary>
    ICorrespondentComponent? Compose(ICorrespondentHost correspondent);
}

/// <param name="PolicyNamesTheAnchor">
/// Whether it serves a node only if the node's policy profile names it (RFC 5213 §6.2), or any
/// anchor may, each for the prefixes it delegated (distributed anchors, draft §5.1).
/// </param>
/// <param name="Admission">Its overload control where its clients back off from a 130 (RFC 5213 §6.9.4); null elsewhere or unlimited.</param>
/// <param name="Components">What it hosts beyond its location server and forwarding (relocation, an HMIPv6 MAP's tunnels), built once the anchor's own parts are.</param>
public sealed record AnchorParts(bool PolicyNamesTheAnchor, AdmissionControl? Admission, Func<IEnumerable<IAnchorComponent>> Components);

/// <param name="LocationClient">Its location client (a MAG, a MAAR), or none where the node signals itself.</param>
/// <param name="Advertised">What it adds to the RAs it sends beyond its prefix.</param>
/// <param name="Components">What it hosts beside them (a fast handover's access router roles), built once the router's own parts are.</param>
public sealed record AccessRouterParts(INetworkLocationClient? LocationClient, IRouterAdvertisementOptions? Advertised, Func<IEnumerable<IAccessRouterComponent>> Components);

/// <param name="LocationClient">Its own location client where it registers itself, none otherwise.</param>
/// <param name="ConnectionManager">What it shares of its sessions with the network when it moves.</param>
public sealed record MobileNodeParts(IHostLocationClient? LocationClient, IConnectionManager ConnectionManager)
{
    /// <summary>
    /// Where the practice's routers act on the link layer's reports of a move (RFC 5949 §4), how long
    /// before its link goes down the node's router hears of it (HandoverIndication); the new router
    /// then hears the access point it left (LinkAssociated). Null where no router needs them.
    /// </summary>
    public ModelTime? LinkLayerReportLead { get; init; }
}
