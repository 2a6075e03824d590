using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>Marker for every message and event that crosses a serializer boundary.</summary>
public interface IDmmMessage;

public enum ProcedureKind : byte
{
    /// <summary>First attachment of a mobile node to the network.</summary>
    Attach,
    /// <summary>Movement from one access router to another.</summary>
    Handover,
    /// <summary>Binding lifetime extension while the node stays put.</summary>
    Refresh,
    /// <summary>A binding context handed from one anchor to another (RFC 8818 §3.2), and what follows it.</summary>
    Relocation,
    /// <summary>A prefix no session uses any more is released (RFC 8818 §3.1).</summary>
    Release,
    /// <summary>
    /// The node attaches again where it stands, its walk unchanged, after its access router
    /// or its own cluster member was lost and came back on another member.
    /// </summary>
    Reattach,
    /// <summary>Localized routing for a pair of nodes set up, moved or stopped (RFC 6705), named after the first of the two.</summary>
    LocalRouting,
}

/// <summary>The procedure a message belongs to: whose, which one, and of what kind.</summary>
public readonly record struct ProcedureRef(MnIdentifier MobileNode, int Number, ProcedureKind Kind)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}#{Number} of {MobileNode}";
}

/// <summary>Every signalling message type the emulator counts (summary.json "signalling_per_handover").</summary>
public enum SignalType : byte
{
    RouterSolicitation,
    RouterAdvertisement,
    ProxyBindingUpdate,
    ProxyBindingAcknowledgement,
    ProxyBindingUpdateDeregistration,
    ProxyBindingAcknowledgementDeregistration,
    BindingUpdate,
    BindingAcknowledgement,
    HandoverInitiate,
    HandoverAcknowledge,
    ContextTransferData,
    ContextTransferDataReply,
    AnchorRelocated,
    PrefixRoute,
    MldReport,
    MldProxyReport,
    /// <summary>RFC 6275 §6.1.3–§6.1.6: the return routability test.</summary>
    HomeTestInit,
    CareOfTestInit,
    HomeTest,
    CareOfTest,
    /// <summary>An anchor's load, told to the routers and anchors around it (draft §5.1).</summary>
    AnchorAdvertisement,
    /// <summary>A node's notice that no session uses a prefix any more (draft §5.2).</summary>
    PrefixRelease,
    /// <summary>A Duplicate Address Detection probe for an address formed on a new link (RFC 4862 §5.4).</summary>
    NeighborSolicitation,
    /// <summary>A node's word to its new router of the router it came from and the prefixes its sessions still need (draft §5.2).</summary>
    PrefixesInUse,
    /// <summary>An access router's MLD General Query on a new node's link (RFC 6224 §3).</summary>
    MldQuery,
    /// <summary>RFC 6275 §6.5, §6.6: dynamic home agent address discovery.</summary>
    HomeAgentAddressDiscoveryRequest,
    HomeAgentAddressDiscoveryReply,
    /// <summary>RFC 5142 §5.1: a home agent tells a node to register with another.</summary>
    HomeAgentSwitch,
    /// <summary>RFC 6275 §7.4, §7.5: a home agent's router advertisement on the home link, with the H flag and its Home Agent Information option.</summary>
    HomeAgentAdvertisement,
    /// <summary>RFC 5568 §6.1, §6.2.2, §6.2.3, §6.3: a fast handover's node messages (its HI and HAck are the types above).</summary>
    RouterSolicitationForProxyAdvertisement,
    ProxyRouterAdvertisement,
    FastBindingUpdate,
    FastBindingAcknowledgement,
    UnsolicitedNeighborAdvertisement,
    /// <summary>RFC 7296 §1.2, §1.4: IKEv2's exchanges, as MOBIKE uses them (RFC 4555).</summary>
    IkeSaInit,
    IkeAuth,
    IkeInformational,
    /// <summary>RFC 6705 §10: PMIPv6 localized routing between an LMA and a MAG.</summary>
    LocalizedRoutingInitiation,
    LocalizedRoutingAcknowledgement,
    /// <summary>TS 29.274 §7.2: GTPv2-C session management between an MME, an SGW and a PGW.</summary>
    CreateSessionRequest,
    CreateSessionResponse,
    ModifyBearerRequest,
    ModifyBearerResponse,
    DeleteSessionRequest,
    DeleteSessionResponse,
    /// <summary>TS 29.303 §4.3: an S-NAPTR query for the gateways of a tracking area, and the DNS's answer.</summary>
    GatewayQuery,
    GatewayAnswer,
    /// <summary>TS 36.413: an S1-AP message between an eNB and the MME, at the level of its elementary procedure.</summary>
    S1ap,
}

public static class SignalTypeNames
{
    public static string ShortName(this SignalType t) => t switch
    {
        SignalType.RouterSolicitation => "RS",
        SignalType.RouterAdvertisement => "RA",
        SignalType.ProxyBindingUpdate => "PBU",
        SignalType.ProxyBindingAcknowledgement => "PBA",
        SignalType.ProxyBindingUpdateDeregistration => "PBU(dereg)",
        SignalType.ProxyBindingAcknowledgementDeregistration => "PBA(dereg)",
        SignalType.BindingUpdate => "BU",
        SignalType.HomeAgentAddressDiscoveryRequest => "DHAAD-Req",
        SignalType.HomeAgentAddressDiscoveryReply => "DHAAD-Rep",
        SignalType.HomeAgentSwitch => "HA-Switch",
        SignalType.HomeAgentAdvertisement => "RA(H)",
        SignalType.BindingAcknowledgement => "BA",
        SignalType.HandoverInitiate => "HI",
        SignalType.HandoverAcknowledge => "HAck",
        SignalType.ContextTransferData => "CTD",
        SignalType.ContextTransferDataReply => "CTDR",
        SignalType.AnchorRelocated => "anchor-relocated",
        SignalType.PrefixRoute => "route-update",
        SignalType.AnchorAdvertisement => "anchor-load",
        SignalType.PrefixRelease => "prefix-release",
        SignalType.NeighborSolicitation => "NS (DAD)",
        SignalType.PrefixesInUse => "prefixes-in-use",
        SignalType.MldReport => "MLD report",
        SignalType.MldQuery => "MLD query",
        SignalType.MldProxyReport => "MLD report (proxy upstream)",
        SignalType.HomeTestInit => "HoTI",
        SignalType.CareOfTestInit => "CoTI",
        SignalType.HomeTest => "HoT",
        SignalType.CareOfTest => "CoT",
        SignalType.RouterSolicitationForProxyAdvertisement => "RtSolPr",
        SignalType.ProxyRouterAdvertisement => "PrRtAdv",
        SignalType.FastBindingUpdate => "FBU",
        SignalType.FastBindingAcknowledgement => "FBack",
        SignalType.UnsolicitedNeighborAdvertisement => "UNA",
        SignalType.IkeSaInit => "IKE_SA_INIT",
        SignalType.IkeAuth => "IKE_AUTH",
        SignalType.IkeInformational => "INFORMATIONAL",
        SignalType.LocalizedRoutingInitiation => "LRI",
        SignalType.LocalizedRoutingAcknowledgement => "LRA",
        SignalType.CreateSessionRequest => "CSReq",
        SignalType.CreateSessionResponse => "CSResp",
        SignalType.ModifyBearerRequest => "MBReq",
        SignalType.ModifyBearerResponse => "MBResp",
        SignalType.DeleteSessionRequest => "DSReq",
        SignalType.DeleteSessionResponse => "DSResp",
        SignalType.GatewayQuery => "DNS query (S-NAPTR)",
        SignalType.GatewayAnswer => "DNS answer (S-NAPTR)",
        SignalType.S1ap => "S1AP",
        _ => t.ToString(),
    };
}

/// <summary>
/// A signalling message: it carries the metadata the metrics need, its model send time
/// and the procedure it belongs to (DESIGN.md, "Typed messages").
/// </summary>
public interface ISignal : IDmmMessage
{
    ProcedureRef Procedure { get; }
    ModelTime SentAt { get; }
    SignalType Type { get; }
    /// <summary>When it reaches its receiver, as the channel stamped it when it was sent (Topology.Channel).</summary>
    ModelTime ArrivesAt { get; }
}

/// <summary>
/// What every signalling message carries besides its fields: the model time it arrives, which
/// the channel stamps as it is sent. A copy made with <c>with</c> is a new message, not yet
/// sent, so it carries no arrival; reading the arrival of a message never sent is a defect.
/// The arrival takes no part in equality: it is the channel's, not the message's.
/// </summary>
public abstract record Signal : ISignal
{
    ModelTime arrivesAt;
    bool stamped;

    protected Signal() { }

    /// <summary>A copy keeps the original's authentication, which its sender may have signed, and not its arrival.</summary>
    protected Signal(Signal original) => authentication = original.authentication;

    MessageAuthentication? authentication;

    /// <summary>
    /// The Mobility Message Authentication option (RFC 4285 §5) computed under the security
    /// association of its sender and receiver (Security.MessageAuthenticator); null when unprotected.
    /// </summary>
    public MessageAuthentication? Authentication
    {
        get => authentication;
        init => authentication = value;
    }

    /// <summary>Sets the authentication a message carried: only the serializer and the wire decoder, which read it, call this.</summary>
    internal void Authenticated(MessageAuthentication? value) => authentication = value;

    /// <summary>
    /// The bytes its authentication covers, as its signer encoded them for one sender and
    /// receiver: the receiver's check hashes these rather than encoding the message again. Set
    /// only by the signer on the copy it signs; a copy made with <c>with</c> is not what was
    /// signed, so it does not carry them, and a message read from another member is encoded anew.
    /// </summary>
    internal CoveredBytes? Covered { get; set; }

    public abstract ProcedureRef Procedure { get; init; }
    public abstract ModelTime SentAt { get; init; }
    public abstract SignalType Type { get; }

    public ModelTime ArrivesAt => stamped
        ? arrivesAt
        : throw new InvalidOperationException($"{GetType().Name} of {Procedure} was not sent through the channel: it has no arrival time");

    /// <summary>Sets the arrival; only the channel (RunContext.Send) and the serializer, which carries it between members, call this.</summary>
    internal void Stamp(ModelTime arrival)
    {
        arrivesAt = arrival;
        stamped = true;
    }

    public virtual bool Equals(Signal? other) => other is not null && EqualityContract == other.EqualityContract && authentication == other.authentication;

    public override int GetHashCode() => HashCode.Combine(EqualityContract, authentication);
}

/// <summary>Binding lifetimes travel in units of 4 seconds (RFC 6275 §6.1.7).</summary>
public static class Lifetime
{
    public const int UnitSeconds = 4;

    public static ushort ToUnits(ModelTime lifetime) =>
        (ushort)Math.Min(ushort.MaxValue, (lifetime.Microseconds + UnitSeconds * 1_000_000L - 1) / (UnitSeconds * 1_000_000L));

    public static ModelTime FromUnits(ushort units) => ModelTime.FromSeconds(units * (double)UnitSeconds);
}

/// <summary>
/// Status values of BA (RFC 6275 §6.1.8) and PBA (RFC 5213 §8.9), as the IANA "Status Codes"
/// registry of the Mobility IPv6 parameters numbers them (Wireshark's mip6.ba.status agrees:
/// tests/…/Wire/TsharkTests checks every value by its name).
/// </summary>
public enum BindingStatus : byte
{
    Accepted = 0,
    ReasonUnspecified = 128,
    AdministrativelyProhibited = 129,
    InsufficientResources = 130,
    NotHomeAgentForThisMobileNode = 133,
    SequenceNumberOutOfWindow = 135,
    ExpiredHomeNonceIndex = 136,
    ExpiredCareOfNonceIndex = 137,
    /// <summary>RFC 3963 §6.6: a BU from a mobile router (R flag) to a home agent that does not serve them, or that is not this router's.</summary>
    MobileRouterOperationNotPermitted = 140,
    /// <summary>RFC 3963 §6.6: a Mobile Network Prefix option whose prefix is no mobile network prefix of the home agent's.</summary>
    InvalidPrefix = 141,
    /// <summary>RFC 3963 §6.6: a mobile network prefix of another mobile router's.</summary>
    NotAuthorizedForPrefix = 142,
    ProxyRegNotEnabled = 152,
    NotLmaForThisMobileNode = 153,
    MagNotAuthorizedForProxyReg = 154,
    NotAuthorizedForHomeNetworkPrefix = 155,
    TimestampMismatch = 156,
    TimestampLowerThanPrevAccepted = 157,
    MissingHomeNetworkPrefixOption = 158,
    BcePbuPrefixSetDoNotMatch = 159,
    MissingMnIdentifierOption = 160,
    MissingHandoffIndicatorOption = 161,
    MissingAccessTechTypeOption = 162,
}

public static class BindingStatusNames
{
    /// <summary>The name the IANA registry (and RFC 5213 §8.9) gives a status value.</summary>
    public static string RegistryName(this BindingStatus status) => status switch
    {
        BindingStatus.Accepted => "Binding Update accepted",
        BindingStatus.ReasonUnspecified => "Reason unspecified",
        BindingStatus.AdministrativelyProhibited => "Administratively prohibited",
        BindingStatus.InsufficientResources => "Insufficient resources",
        BindingStatus.NotHomeAgentForThisMobileNode => "Not home agent for this mobile node",
        BindingStatus.SequenceNumberOutOfWindow => "Sequence number out of window",
        BindingStatus.ExpiredHomeNonceIndex => "Expired home nonce index",
        BindingStatus.ExpiredCareOfNonceIndex => "Expired care-of nonce index",
        BindingStatus.MobileRouterOperationNotPermitted => "Mobile Router Operation not permitted",
        BindingStatus.InvalidPrefix => "Invalid Prefix",
        BindingStatus.NotAuthorizedForPrefix => "Not Authorized for Prefix",
        BindingStatus.ProxyRegNotEnabled => "PROXY_REG_NOT_ENABLED",
        BindingStatus.NotLmaForThisMobileNode => "NOT_LMA_FOR_THIS_MOBILE_NODE",
        BindingStatus.MagNotAuthorizedForProxyReg => "MAG_NOT_AUTHORIZED_FOR_PROXY_REG",
        BindingStatus.NotAuthorizedForHomeNetworkPrefix => "NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX",
        BindingStatus.TimestampMismatch => "TIMESTAMP_MISMATCH",
        BindingStatus.TimestampLowerThanPrevAccepted => "TIMESTAMP_LOWER_THAN_PREV_ACCEPTED",
        BindingStatus.MissingHomeNetworkPrefixOption => "MISSING_HOME_NETWORK_PREFIX_OPTION",
        BindingStatus.BcePbuPrefixSetDoNotMatch => "BCE_PBU_PREFIX_SET_DO_NOT_MATCH",
        BindingStatus.MissingMnIdentifierOption => "MISSING_MN_IDENTIFIER_OPTION",
        BindingStatus.MissingHandoffIndicatorOption => "MISSING_HANDOFF_INDICATOR_OPTION",
        BindingStatus.MissingAccessTechTypeOption => "MISSING_ACCESS_TECH_TYPE_OPTION",
        _ => $"status {(byte)status}",
    };
}
