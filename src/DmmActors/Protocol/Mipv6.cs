using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>
/// Binding Update for a home registration (RFC 6275 §6.1.7, flags A and H set). The care-of
/// address is formed on the access router's prefix; it is kept as that router's index.
/// </summary>
public sealed record BindingUpdate(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    Prefix64 HomePrefix,
    ushort SequenceNumber,
    ushort LifetimeUnits,
    int CareOfRouter) : Signal
{
    public ModelTime Lifetime => Protocol.Lifetime.FromUnits(LifetimeUnits);
    public override SignalType Type => SignalType.BindingUpdate;

    /// <summary>
    /// The M flag (RFC 5380 §4): a local BU to a MAP, binding the node's regional care-of
    /// address (in <see cref="HomePrefix"/>) to its on-link one.
    /// </summary>
    public bool MapRegistration { get; init; }

    /// <summary>
    /// The R flag and the Mobile Network Prefix option (RFC 3963 §4.1, §4.3): a mobile router
    /// registers the prefix of the network behind it with its home address (explicit mode, §5.1).
    /// None for a host.
    /// </summary>
    public Prefix64 MobileNetworkPrefix { get; init; }

    public bool MobileRouter => !MobileNetworkPrefix.IsNone;

    /// <summary>
    /// The IPv4 Home Address option (RFC 5555 §3.1.1): the IPv4 home address the node asks to bind
    /// with its IPv6 one (0.0.0.0 asks the home agent to assign one); none where it asks for none.
    /// </summary>
    public Ipv4Address? Ipv4HomeAddress { get; init; }

    /// <summary>Sent from an IPv4 care-of address, in UDP over IPv4 with the IPv4 Care-of Address option (RFC 5555 §3.1.2, §4.1); none over IPv6.</summary>
    public Ipv4Transport? Ipv4 { get; init; }
}

/// <summary>Binding Acknowledgement (RFC 6275 §6.1.8), sent only once the binding event is durable.</summary>
public sealed record BindingAcknowledgement(
    ProcedureRef Procedure,
    ModelTime SentAt,
    BindingStatus Status,
    ushort SequenceNumber,
    ushort LifetimeUnits,
    int HomeAgent) : Signal
{
    public override SignalType Type => SignalType.BindingAcknowledgement;

    /// <summary>
    /// The prefix of the home address the BU named in its Home Address option (a MAP's: the regional
    /// care-of address, RFC 5380 §6.2), which the BA's type 2 routing header carries back (RFC 6275 §9.5.4).
    /// </summary>
    public Prefix64 HomePrefix { get; init; }

    /// <summary>The R flag (RFC 3963 §4.2): the home agent serves the mobile router, and forwards its network's packets to it.</summary>
    public bool MobileRouter { get; init; }

    /// <summary>The IPv4 Address Acknowledgement option (RFC 5555 §3.2.1), answering a BU's IPv4 Home Address option.</summary>
    public Ipv4AddressAcknowledgement? Ipv4HomeAddress { get; init; }

    /// <summary>
    /// The NAT Detection option (RFC 5555 §3.2.2, §4.1): the home agent found a NAT on the path and
    /// will encapsulate in UDP; the refresh time, in seconds, the node keeps the NAT's mapping by.
    /// </summary>
    public uint? NatRefreshTime { get; init; }

    /// <summary>Back to an IPv4 care-of address, in UDP over IPv4, where the BU came that way (RFC 5555 §4.1).</summary>
    public Ipv4Transport? Ipv4 { get; init; }
}

/// <summary>
/// RFC 6275 §6.5: Home Agent Address Discovery Request (ICMPv6 type 144), from the node's care-of
/// address to the Mobile IPv6 Home-Agents anycast address of its home subnet (RFC 2526 §3), which
/// the network delivers to one of the home agents there, the nearest by routing.
/// </summary>
public sealed record HomeAgentAddressDiscoveryRequest(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, ushort Identifier, int CareOfRouter) : Signal
{
    public override SignalType Type => SignalType.HomeAgentAddressDiscoveryRequest;
}

/// <summary>
/// RFC 6275 §6.6: the Reply (ICMPv6 type 145), from the home agent that took the request to the
/// care-of address it came from: the home agents of the home link, in order of preference (§10.5.1).
/// </summary>
public sealed record HomeAgentAddressDiscoveryReply(ProcedureRef Procedure, ModelTime SentAt, ushort Identifier, int Responder,
    IReadOnlyList<int> HomeAgents, int CareOfRouter) : Signal
{
    public override SignalType Type => SignalType.HomeAgentAddressDiscoveryReply;
}

/// <summary>
/// RFC 5142 §5.1: Home Agent Switch (MH type 12), from a home agent to a node it binds, at its
/// care-of address with the home address in a type 2 routing header: the home agents to register
/// with instead, the most preferred first.
/// </summary>
public sealed record HomeAgentSwitch(ProcedureRef Procedure, ModelTime SentAt, int HomeAgent, Prefix64 HomePrefix, int CareOfRouter,
    IReadOnlyList<int> HomeAgents) : Signal
{
    public override SignalType Type => SignalType.HomeAgentSwitch;
}

/// <summary>
/// RFC 6275 §7.4, §7.5: a home agent's router advertisement on the home link, with the H flag
/// and the Home Agent Information option: its preference and how long it serves as a home
/// agent. The other home agents keep their Home Agents List from these (§10.1).
/// </summary>
public sealed record HomeAgentAdvertisement(ProcedureRef Procedure, ModelTime SentAt, int HomeAgent, ushort Preference, ushort LifetimeSeconds) : Signal
{
    public override SignalType Type => SignalType.HomeAgentAdvertisement;
}
