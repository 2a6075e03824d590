using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Configuration;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;
using DmmActors.Topology;

namespace DmmActors.Practices;

/// <summary>Who signals location updates on the mobile node's behalf.</summary>
public enum Signalling
{
    /// <summary>The access router (MAG) registers for the node: PMIPv6, RFC 5213.</summary>
    NetworkBased,
    /// <summary>The mobile node registers itself with its home agent: MIPv6, RFC 6275.</summary>
    HostBased,
}

/// <summary>
/// A practice is a placement of mobility functions on node kinds plus the signalling that links
/// them (draft-ietf-dmm-deployment-models §4), and a plug-in: a folder under Practices/ holding
/// one subclass of this type, which <see cref="PracticeCatalog"/> finds, and the components only
/// it uses. Whatever differs between practices is asked of the practice here (the components
/// each node kind hosts, its scenario keys, its resume rule, its summary and replay checks, its
/// attack surface); nothing outside its folder names it.
/// </summary>
public abstract class Practice : INodeComposition, INodeAttachments
{
    /// <summary>Its name in scenarios, journals and reports (dmm.scenario.practice).</summary>
    public abstract string Name { get; }
    public abstract string Title { get; }
    /// <summary>The RFCs and draft sections it follows.</summary>
    public abstract string Reference { get; }
    /// <summary>Where it stands in `dmm practices` and `dmm compare`: centralised practices first, as the draft takes them.</summary>
    public abstract int CatalogueOrder { get; }
    public abstract Signalling Signalling { get; }
    public abstract IReadOnlyDictionary<NodeKind, MobilityFunction> Placement { get; }

    public MobilityFunction FunctionsOf(NodeKind kind) => Placement.TryGetValue(kind, out var f) ? f : MobilityFunction.None;

    public bool Hosts(NodeKind kind, MobilityFunction function) => FunctionsOf(kind).HasFlag(function);

    /// <summary>The node kind whose location client registers and refreshes the bindings, as the placement says.</summary>
    public NodeKind LocationClientHost =>
        Hosts(NodeKind.AccessRouter, MobilityFunction.LocationClient) ? NodeKind.AccessRouter : NodeKind.MobileNode;

    /// <summary>Role names the practice gives to node kinds, for tables and logs.</summary>
    public virtual string RoleOf(NodeKind kind) =>
        kind == NodeKind.Anchor ? (Signalling == Signalling.NetworkBased ? "LMA" : "HA")
        : kind == NodeKind.AccessRouter ? (Signalling == Signalling.NetworkBased ? "MAG" : "AR")
        : kind == NodeKind.MobileNode ? "MN"
        : kind == NodeKind.Correspondent ? "CN"
        : kind.Name;

    /// <summary>
    /// The nodes each mobile node of the scenario moves: itself, and where it is a mobile router
    /// the nodes behind it (RFC 3963 §1), which move with it and never signal.
    /// </summary>
    public virtual int NodesPerMobileNode(PracticeSettings? settings) => 1;

    /// <summary>The kind of the anchors the practice adds after its own (AdditionalAnchors): anchors, unless it says otherwise.</summary>
    public virtual NodeKind AdditionalAnchorKind => NodeKind.Anchor;

    /// <summary>
    /// The kind of the added anchor numbered <paramref name="additional"/> from 0, where a practice
    /// adds nodes of several kinds (3GPP's SGWs and MME); <see cref="AdditionalAnchorKind"/> otherwise.
    /// </summary>
    public virtual NodeKind AdditionalAnchorKindAt(int additional, PracticeSettings? settings) => AdditionalAnchorKind;

    // ---- topology ----

    /// <summary>The anchors a node's prefix can come from, for the topology.anchors asked for and the practice's own keys.</summary>
    public virtual int AnchorCount(int requested, int accessRouters, PracticeSettings? settings) => requested;

    /// <summary>Anchor i is a function of access router i (RFC 8885 §3, the mobility anchor and access router), under the practice's own keys.</summary>
    public virtual bool AnchorsAtAccessRouters(PracticeSettings? settings) => false;

    // ---- scenario keys ----

    /// <summary>Reads the practice's own keys of the scenario, once its core keys are read into <paramref name="core"/>; null where it has none.</summary>
    public virtual PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => null;

    /// <summary>Anchors the practice adds to <see cref="AnchorCount"/>, numbered after them (HMIPv6's MAPs).</summary>
    public virtual int AdditionalAnchors(PracticeSettings? settings) => 0;

    /// <summary>
    /// The added anchors in groups, in their order, each group spread over the grid on its own:
    /// one group of all unless the practice adds nodes that stand apart from the others (3GPP's L-GWs).
    /// </summary>
    public virtual IReadOnlyList<int> AdditionalAnchorGroups(PracticeSettings? settings) => [AdditionalAnchors(settings)];

    /// <summary>Refuses, naming the key, a scenario this practice cannot run.</summary>
    public virtual void Validate(Scenario scenario, string source) { }

    /// <summary>
    /// Refuses a scenario that runs another practice but sets keys of this one that would change
    /// nothing there, where silently ignoring them would mislead (e.g. a relocation trigger).
    /// </summary>
    public virtual void RefuseUnderAnotherPractice(Scenario scenario, ScenarioKeys keys, string source) { }

    /// <summary>The scenario keys that switch this practice's own mechanisms off, for `dmm compare` to run another practice on the same file.</summary>
    public virtual IReadOnlyList<string> KeysOffUnderAnotherPractice => [];

    /// <summary>
    /// The runs `dmm compare` adds for this practice beside its own, each named and with the keys
    /// it sets: an extension the practice has and the others lack, switched off, so that the
    /// table shows what the extension buys apart from what the practice does. Only runs with
    /// multicast where <see cref="CompareVariant.WithMulticastOnly"/>.
    /// </summary>
    public virtual IReadOnlyList<CompareVariant> CompareVariants => [];

    // ---- components, built per node by the composition root (the actors ask; ns-3's helpers aggregate protocols onto a node alike) ----

    /// <summary>The location server's rules: PMIPv6 orders updates by timestamp (RFC 5213 §5.5), MIPv6 by sequence number (RFC 6275 §9.5.1).</summary>
    public virtual BindingRules BindingRules(ModelTime maxLifetime) => Signalling == Signalling.NetworkBased
        ? Bindings.BindingRules.ProxyMobileIpv6(maxLifetime)
        : Bindings.BindingRules.MobileIpv6(maxLifetime);

    /// <summary>The access router's location client (a MAG, a MAAR), or none where the node signals itself.</summary>
    public virtual INetworkLocationClient? AccessRouterLocationClient(RunContext run, int router, Action<TimeSpan, object>? scheduleToSelf) => null;

    /// <summary>The mobile node's own location client where it registers itself, none otherwise.</summary>
    public virtual IHostLocationClient? MobileNodeLocationClient(RunContext run, MnIdentifier mn, Action<TimeSpan, object>? scheduleToSelf) => null;

    /// <summary>What an access router adds to the RAs it sends, beyond its prefix.</summary>
    public virtual IRouterAdvertisementOptions? RouterAdvertisementOptions(RunContext run, int router) => null;

    /// <summary>What the node shares of its sessions with the network when it moves.</summary>
    public virtual IConnectionManager ConnectionManager => SilentConnectionManager.Instance;

    /// <summary>What an anchor hosts beyond its location server and forwarding (relocation, an HMIPv6 MAP's tunnels).</summary>
    public virtual IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) => [];

    /// <summary>
    /// Whether an anchor serves a node only if the node's policy profile names it (RFC 5213 §6.2),
    /// or any anchor may, each for the prefixes it delegated (distributed anchors, draft §5.1).
    /// </summary>
    public virtual bool PolicyNamesTheAnchor => true;

    /// <summary>Whether the location clients back off from a 130 and send again (RFC 5213 §6.9.4), so an anchor may shed load.</summary>
    public virtual bool ClientsBackOff => false;

    public AnchorParts Compose(IAnchorHost anchor) => new(PolicyNamesTheAnchor,
        ClientsBackOff ? AdmissionControl.For(anchor.Run.Scenario.Overload) : null, () => AnchorComponents(anchor));

    /// <summary>What an access router hosts beside its location client <paramref name="client"/> (a fast handover's roles, RFC 5568 §5), which may be one of them.</summary>
    public virtual IEnumerable<IAccessRouterComponent> AccessRouterComponents(IAccessRouterHost router, INetworkLocationClient? client) => [];

    public AccessRouterParts Compose(IAccessRouterHost router)
    {
        var client = AccessRouterLocationClient(router.Run, router.Index, router.ScheduleToSelf);
        return new(client, RouterAdvertisementOptions(router.Run, router.Index), () => AccessRouterComponents(router, client));
    }

    public virtual MobileNodeParts Compose(IMobileNodeHost node) =>
        new(MobileNodeLocationClient(node.Run, node.Id, node.ScheduleToSelf), ConnectionManager);

    /// <summary>What a correspondent hosts beyond sending to the prefix's anchor; nothing in most practices.</summary>
    public virtual ICorrespondentComponent? Compose(ICorrespondentHost correspondent) => null;

    // ---- attack surface ----

    /// <summary>What a MAG and its LMA exchange (RFC 5213), with the RS and RA on the link.</summary>
    protected static readonly IReadOnlySet<SignalType> ProxySignalling = new HashSet<SignalType>
    {
        SignalType.RouterSolicitation, SignalType.RouterAdvertisement, SignalType.NeighborSolicitation,
        SignalType.ProxyBindingUpdate, SignalType.ProxyBindingAcknowledgement,
        SignalType.ProxyBindingUpdateDeregistration, SignalType.ProxyBindingAcknowledgementDeregistration,
    };

    protected static readonly IReadOnlySet<SignalType> HostSignalling = new HashSet<SignalType>
    {
        SignalType.RouterSolicitation, SignalType.RouterAdvertisement, SignalType.NeighborSolicitation, SignalType.BindingUpdate, SignalType.BindingAcknowledgement,
    };

    /// <summary>A MIPv6 practice's signalling: the home registration's, and the messages of its own extension.</summary>
    protected static IReadOnlySet<SignalType> HostSignallingAnd(params SignalType[] own) => new HashSet<SignalType>(HostSignalling.Concat(own));

    /// <summary>The signalling its nodes exchange, by type, under any of its keys: what an attack on the signalling can forge.</summary>
    public virtual IReadOnlySet<SignalType> Signals => Signalling == Signalling.NetworkBased ? ProxySignalling : HostSignalling;

    /// <summary>The signalling its nodes exchange under these keys of its own, where a key switches its protocol.</summary>
    public virtual IReadOnlySet<SignalType> SignalsUnder(PracticeSettings? settings) => Signals;

    // ---- resume, summary, replay ----

    /// <summary>Why a killed run of this practice cannot be carried on from its journal, or null where it can.</summary>
    public virtual string? ResumeRefusal => null;

    /// <summary>Whether a resumed run puts a node whose move was cut short back at its router all the same (IResumeRule); its MAG otherwise holds nothing.</summary>
    public virtual bool RestoresCutShortNodesAtTheirRouter => false;

    /// <summary>Whether a node with this many active bindings at the end is bound as the practice, with its own keys, binds it.</summary>
    public virtual bool BoundAsExpected(int activeBindings, PracticeSettings? settings) => activeBindings == 1;

    /// <summary>Whether each node ends bound at the anchor of its last recorded procedure, one binding per node (replay checks it).</summary>
    public virtual bool EndsAtLastProcedureAnchor(PracticeSettings? settings) => true;

    /// <summary>Where the nodes of kinds the practice adds stand; it adds none unless it says so.</summary>
    public virtual IEnumerable<(NodeKind Kind, Func<Endpoint, Attachment> Where)> Attachments(NetworkTopology topology) => [];

    /// <summary>The services a run of this practice offers its nodes and its reports (RunContext.Services).</summary>
    public RunServices Services(NetworkTopology topology, PracticeSettings? settings)
    {
        var outcome = new PracticeOutcome(this, topology, settings);
        return new RunServices().Aggregate<INodeComposition>(this).Aggregate<IRunOutcome>(outcome).Aggregate<IResumeRule>(outcome)
            .Aggregate<INodeAttachments>(this);
    }
}

/// <summary>A named variant of a practice in `dmm compare`: its keys set over the scenario.</summary>
public sealed record CompareVariant(string Name, IReadOnlyList<string> Overrides, bool WithMulticastOnly);
