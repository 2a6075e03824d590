using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Protocol;

namespace DmmActors.Practices.Dsmipv6;

/// <summary>
/// A home agent's part of Dual-Stack MIPv6 (RFC 5555 §5): it binds a node's IPv4 home address
/// with its IPv6 one, assigning one from the IPv4 home network where the BU asks with 0.0.0.0
/// (§3.1.1), and answers in the IPv4 Address Acknowledgement option (§3.2.1). A BU that came from
/// an IPv4 care-of address is checked for a NAT on its path (§4.1): where the IPv4 Care-of Address
/// option differs from the outer header's source, the BA carries the NAT Detection option and the
/// home agent tunnels to that node in UDP, to the address and port the BU came from; otherwise in
/// IPv4. Its BA goes back the way the BU came.
/// </summary>
public sealed class DualStackHomeAgent : IAnchorComponent
{
    /// <summary>RFC 5555 §3.2.2: the refresh time the home agent recommends for keeping a NAT's mapping, NATKATIMEOUT.</summary>
    public const uint Natkatimeout = 110;

    readonly IAnchorHost host;
    /// <summary>
    /// The IPv4 care-of addresses nodes were bound at (RFC 5555 §5's binding cache extension), by care-of number, and the
    /// tunnel header to each: kept as long as the bindings' history is, since a packet goes by the binding as it stood when it arrived.
    /// </summary>
    readonly Dictionary<(MnIdentifier Node, int CareOf), Encapsulation> ipv4CareOfs = new();

    public DualStackHomeAgent(IAnchorHost host)
    {
        this.host = host;
        host.Forwarding.EncapsulateWith(Tunnel);
    }

    Encapsulation Tunnel(DataPacket packet, int careOf)
    {
        if (!ipv4CareOfs.TryGetValue((packet.Destination, careOf), out var tunnel)) return Encapsulation.Ipv6;
        if (tunnel == Encapsulation.Ipv4Udp) CountUdp(host.Run.Recorder.Counters);
        return tunnel;
    }

    public static void CountUdp(RunCounters counters)
    {
        counters.Add(Counter.UdpEncapsulatedPackets);
        counters.Add(Counter.UdpEncapsulationBytes, EncapsulationLength.Of(Encapsulation.Ipv4Udp));
    }

    public BindingAcknowledgement Acknowledging(BindingUpdate bu, BindingDecision decision, BindingAcknowledgement ba)
    {
        var nat = bu.Ipv4 is { } v4 && v4.CareOf != v4.Outer;
        if (decision.Accepted && bu.Ipv4 is not null && bu.LifetimeUnits > 0)
            ipv4CareOfs[(bu.MnId, bu.CareOfRouter)] = nat ? Encapsulation.Ipv4Udp : Encapsulation.Ipv4;
        return ba with
        {
            Ipv4HomeAddress = bu.Ipv4HomeAddress is { } asked ? Acknowledge(bu.MnId, asked, decision.Accepted) : null,
            NatRefreshTime = nat ? Natkatimeout : null,
            Ipv4 = bu.Ipv4,
        };
    }

    /// <summary>
    /// RFC 5555 §3.2.1, §5.1: 0.0.0.0 asks for an address, which the home network assigns the node
    /// (its own, by index); any other must be the one it holds (130 otherwise). A refused BU binds none (128).
    /// </summary>
    static Ipv4AddressAcknowledgement Acknowledge(MnIdentifier mn, Ipv4Address asked, bool accepted)
    {
        var own = NodeAddresses.Ipv4Home(mn);
        if (!accepted) return new(Ipv4AddressStatus.FailureReasonUnspecified, asked);
        return asked.IsUnspecified || asked == own ? new(Ipv4AddressStatus.Success, own) : new(Ipv4AddressStatus.IncorrectIpv4HomeAddress, asked);
    }

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;
    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;
    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
