using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>A packet read back from the wire: the message, and the addresses of the packet that carried it.</summary>
public sealed record DecodedPacket(IDmmMessage Message, Ipv6Address Source, Ipv6Address Destination, bool Tunnelled);

/// <summary>
/// The RFC byte layout of every message the emulator sends: an IPv6 packet (RFC 8200) carrying
/// ICMPv6 (ND, RFC 4861; MLDv2, RFC 3810), a mobility header (RFC 6275 §6.1: BU/BA, PBU/PBA of
/// RFC 5213 §8, HI/HAck of RFC 5568 §6.2 in the PMIPv6 form of RFC 5949 §6) or, for user data,
/// UDP; tunnelled legs in IPv6-in-IPv6 (RFC 2473). A message goes from one endpoint to another;
/// their addresses come from <see cref="NodeAddresses"/>. The run's shape is needed where an
/// address depends on it: which care-of numbers are regional, and a node's home agent, the far
/// end of the tunnel a HMIPv6 node's home BU takes through its MAP (RFC 5380 §6.1).
/// </summary>
public sealed partial class WireCodec(int accessRouters, Func<MnIdentifier, int> homeAgentOf)
{
    public const byte HopLimit = 64;
    /// <summary>RFC 4861 §6.1.1, §6.1.2: ND messages are sent, and accepted, with hop limit 255 only.</summary>
    public const byte NdHopLimit = 255;

    public int AccessRouters { get; } = accessRouters;

    public byte[] Encode(ISignal signal, Endpoint from, Endpoint to)
    {
        var w = new PacketWriter();
        Encode(w, signal, from, to);
        return w.ToArray();
    }

    /// <summary>Writes <paramref name="signal"/>, sent from <paramref name="from"/> to <paramref name="to"/>, into <paramref name="w"/>.</summary>
    public void Encode(PacketWriter w, ISignal signal, Endpoint from, Endpoint to)
    {
        w.Reset();
        switch (signal)
        {
            case ProxyBindingUpdate m: ProxyBindingUpdate(w, m, to); break;
            case ProxyBindingAcknowledgement m: ProxyBindingAcknowledgement(w, m, to); break;
            case BindingUpdate m: BindingUpdate(w, m, from, to); break;
            case BindingAcknowledgement m: BindingAcknowledgement(w, m, from, to); break;
            case HandoverInitiate m: HandoverInitiate(w, m, to); break;
            case HandoverAcknowledge m: HandoverAcknowledge(w, m, to); break;
            case ContextTransferData m: ContextTransferData(w, m, to); break;
            case ContextTransferDataReply m: ContextTransferDataReply(w, m, to); break;
            case AnchorRelocated m: AnchorRelocated(w, m, to); break;
            case LocalizedRoutingInitiation m: LocalizedRoutingInitiation(w, m); break;
            case LocalizedRoutingAcknowledgement m: LocalizedRoutingAcknowledgement(w, m); break;
            case RouterSolicitation m: RouterSolicitation(w, m); break;
            case RouterAdvertisement m: RouterAdvertisement(w, m); break;
            case PrefixRoute m: PrefixRoute(w, m); break;
            case AnchorAdvertisement m: AnchorAdvertisement(w, m, to); break;
            case PrefixRelease m: PrefixRelease(w, m, to); break;
            case NeighborSolicitation m: NeighborSolicitation(w, m); break;
            case PrefixesInUse m: PrefixesInUse(w, m, to); break;
            case MldReport m: MldReport(w, m); break;
            case MldQuery m: MldQuery(w, m); break;
            case MldProxyReport m: MldProxyReport(w, m, to); break;
            case HomeTestInit m: HomeTestInit(w, m, from, to); break;
            case CareOfTestInit m: CareOfTestInit(w, m); break;
            case HomeTest m: HomeTest(w, m, from, to); break;
            case CareOfTest m: CareOfTest(w, m); break;
            case CorrespondentBindingUpdate m: CorrespondentBindingUpdate(w, m); break;
            case CorrespondentBindingAcknowledgement m: CorrespondentBindingAcknowledgement(w, m); break;
            case HomeAgentSwitch m: HomeAgentSwitch(w, m); break;
            case HomeAgentAdvertisement m: HomeAgentAdvertisement(w, m); break;
            case HomeAgentAddressDiscoveryRequest m: HomeAgentAddressDiscoveryRequest(w, m); break;
            case HomeAgentAddressDiscoveryReply m: HomeAgentAddressDiscoveryReply(w, m); break;
            case RouterSolicitationForProxyAdvertisement m: RouterSolicitationForProxyAdvertisement(w, m); break;
            case ProxyRouterAdvertisement m: ProxyRouterAdvertisement(w, m); break;
            case FastBindingUpdate m: FastBindingUpdate(w, m); break;
            case FastBindingAcknowledgement m: FastBindingAcknowledgement(w, m); break;
            case FastHandoverInitiate m: FastHandoverInitiate(w, m); break;
            case FastHandoverAcknowledge m: FastHandoverAcknowledge(w, m); break;
            case UnsolicitedNeighborAdvertisement m: UnsolicitedNeighborAdvertisement(w, m); break;
            case PredictiveHandoverInitiate m: PredictiveHandoverInitiate(w, m); break;
            case PredictiveHandoverAcknowledge m: PredictiveHandoverAcknowledge(w, m); break;
            case IkeSaInit m: IkeSaInit(w, m); break;
            case IkeAuth m: IkeAuth(w, m); break;
            case IkeInformational m: IkeInformational(w, m); break;
            case CreateSessionRequest m: CreateSessionRequest(w, m, from, to); break;
            case CreateSessionResponse m: CreateSessionResponse(w, m, from, to); break;
            case ModifyBearerRequest m: ModifyBearerRequest(w, m, from, to); break;
            case ModifyBearerResponse m: ModifyBearerResponse(w, m, from, to); break;
            case DeleteSessionRequest m: DeleteSessionRequest(w, m, from, to); break;
            case DeleteSessionResponse m: DeleteSessionResponse(w, m, from, to); break;
            case GatewayQuery m: GatewayQuery(w, m, from, to); break;
            case GatewayAnswer m: GatewayAnswer(w, m, from, to); break;
            case S1apMessage m: S1ap(w, m, from, to); break;
            default: throw new ArgumentException($"no wire format for {signal.GetType().Name}");
        }
    }

    /// <summary>The global address of a router, anchor, correspondent or the MTMA.</summary>
    static Ipv6Address Global(Endpoint at) => NodeAddresses.Infrastructure(at.Kind, at.Index);

    public DecodedPacket Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > 0 && packet[0] >> 4 == 4) return DecodeIpv4(packet);
        var r = new PacketReader(packet);
        var header = Ipv6Packet.Read(ref r);
        var tunnelled = false;
        if (header.NextHeader == NextHeader.Ipv4) return Ipv4Data(packet[r.Position..header.End], Encapsulation.Ipv6);
        if (header.NextHeader == NextHeader.Esp)
        {
            // RFC 4303 §3.1.1: tunnel mode; what it carries is one of the emulator's datagrams.
            var (datagram, _) = OpenEsp(packet[r.Position..header.End]);
            var carried = Decode(datagram);
            if (carried.Message is not DataPacket data) throw new WireFormatException("ESP carrying no data packet");
            return new DecodedPacket(data with { Encapsulation = Encapsulation.Esp }, carried.Source, carried.Destination, Tunnelled: true);
        }
        // TS 29.281: a G-PDU carries a UE's datagram, decoded as a tunnel's.
        if (header.NextHeader == NextHeader.Udp && IsGtpUser(packet, r.Position)) return DecodeGtpUser(ref r, packet, header);
        if (header.NextHeader == NextHeader.Ipv6)
        {
            tunnelled = true;
            header = Ipv6Packet.Read(ref r);
        }
        var options = new ExtensionHeaders.Read();
        var next = header.NextHeader;
        while (next is NextHeader.HopByHopOptions or NextHeader.DestinationOptions or NextHeader.Routing)
            next = next == NextHeader.Routing ? ExtensionHeaders.ReadRouting(ref r, options) : ExtensionHeaders.ReadOptions(ref r, options);
        if (r.Position > header.End)
            throw new WireFormatException($"extension headers end at byte {r.Position}, past the payload length's end at {header.End}");
        IDmmMessage message = next switch
        {
            NextHeader.MobilityHeader => DecodeMobility(ref r, packet, header, options),
            NextHeader.Icmpv6 => DecodeIcmpv6(ref r, packet, header, options),
            NextHeader.Udp when IsRipng(packet, r.Position) => DecodeRouteUpdate(ref r, packet, header, options.Metadata),
            NextHeader.Udp when IsIke(packet, r.Position) => DecodeIke(ref r, packet, header),
            NextHeader.Udp when IsGtpControl(packet, r.Position) => DecodeGtpControl(ref r, packet, header),
            NextHeader.Udp when IsDns(packet, r.Position) => DecodeDns(ref r, packet, header),
            NextHeader.Udp when IsS1ap(packet, r.Position) => DecodeS1ap(ref r, packet, header),
            NextHeader.Udp => DecodeData(ref r, packet, header, options),
            _ => throw new WireFormatException($"next header {next} is none the emulator sends"),
        };
        return new DecodedPacket(message, header.Source, header.Destination, tunnelled);
    }

    static int Infrastructure(Ipv6Address address, NodeKind kind, string role)
    {
        if (NodeAddresses.TryInfrastructure(address, out var found, out var index) && found == kind) return index;
        throw new WireFormatException($"{role} {address} is not the address of an emulated {kind}");
    }

    /// <summary>Wraps the packet <paramref name="inner"/>, IPv6 unless it says otherwise, in an outer IPv6 header (RFC 2473 §3).</summary>
    static void Encapsulate(PacketWriter w, Ipv6Address source, Ipv6Address destination, ReadOnlySpan<byte> inner, byte innerHeader = NextHeader.Ipv6)
    {
        var outer = Ipv6Packet.Open(w, source, destination, innerHeader, HopLimit);
        w.Bytes(inner);
        Ipv6Packet.Close(w, outer);
    }

    /// <summary>A packet written apart, to be sent as it is or inside a tunnel; its buffer is reused by the next message on this thread.</summary>
    [ThreadStatic] static PacketWriter? innerWriter;

    static ReadOnlySpan<byte> Inner(Action<PacketWriter> write)
    {
        var inner = innerWriter ??= new PacketWriter();
        inner.Reset();
        write(inner);
        return inner.Written;
    }
}
