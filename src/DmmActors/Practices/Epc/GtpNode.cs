using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

/// <summary>
/// What every GTP-C node of the practice shares: its tunnel endpoints, one TEID per UE on each
/// interface (GtpTeids), and the sequence numbers of the requests it sends (TS 29.274 §7.6: the
/// response copies the request's, so that is how the sender matches it).
/// </summary>
public sealed class GtpNode(Endpoint node)
{
    uint sequence;

    public Endpoint Node => node;

    /// <summary>The F-TEID of this node's end of <paramref name="ue"/>'s tunnel on <paramref name="iface"/>.</summary>
    public FullyQualifiedTeid Teid(GtpInterface iface, MnIdentifier ue) => new(iface, GtpTeids.Bearer(ue), node);

    /// <summary>§5.5.1: a 24-bit sequence number, never 0 here so that a response always names its request.</summary>
    public uint NextSequence() => sequence = sequence % 0xFFFFFF + 1;

    /// <summary>The UE whose session a message's header TEID names.</summary>
    public static MnIdentifier UeOf(IGtpControlMessage message) => new((int)(message.Teid - 1));

    /// <summary>TS 23.401 §5.3.2.1: the default bearer of the UE's PDN connection at its PGW.</summary>
    public const byte DefaultBearer = 5;

    /// <summary>The default bearer of its second PDN connection, at a local gateway (SIPTO or LIPA; TS 24.301 §9.3.2: EBIs 5 to 15).</summary>
    public const byte LocalBearer = 6;
}
