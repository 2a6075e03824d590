using System.Security.Cryptography;
using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Protocol.Wire;

namespace DmmActors.Security;

/// <summary>
/// Signs and verifies the signalling a security association protects, over its encoded bytes:
/// a real HMAC-SHA256 over the message as <see cref="WireCodec"/> puts it on the wire, carried
/// in the Mobility Message Authentication option (RFC 4285 §5). The association is the one of
/// the two peers the message is between (<see cref="SecurityAssociations"/>): MAG–LMA for
/// PBU/PBA, the anchor-relocated notice and an anchor's load heartbeat to a router, MN–HA for
/// BU/BA, MAG–MAG for HI/HAck, anchor–anchor for CTD/CTDR and a load heartbeat between anchors.
/// </summary>
public sealed class MessageAuthenticator(WireCodec codec, SecurityAssociations associations, Policy.PolicyStore policy)
{
    [ThreadStatic] static PacketWriter? packet;

    /// <summary>The same signing under other associations: what a peer holding keys of another domain computes.</summary>
    public MessageAuthenticator Under(SecurityAssociations others) => new(codec, others, policy);

    public static bool Protects(Signal signal) => signal is ProxyBindingUpdate or ProxyBindingAcknowledgement or AnchorRelocated
        or BindingUpdate or BindingAcknowledgement or HandoverInitiate or HandoverAcknowledge or ContextTransferData or ContextTransferDataReply
        or AnchorAdvertisement or FastBindingUpdate or FastBindingAcknowledgement or FastHandoverInitiate or FastHandoverAcknowledge
        or PredictiveHandoverInitiate or PredictiveHandoverAcknowledge or LocalizedRoutingInitiation or LocalizedRoutingAcknowledgement;

    /// <summary>
    /// The signal with its authentication, computed under the association of <paramref name="from"/>
    /// and <paramref name="to"/>, and the bytes it covers, for the receiver to check without encoding it again.
    /// </summary>
    public T Sign<T>(T signal, Endpoint from, Endpoint to) where T : Signal
    {
        var sa = Association(signal, from, to);
        var covered = Covered(signal, sa.Spi, from, to);
        var signed = (T)((Signal)signal with { Authentication = new MessageAuthentication(sa.Spi, Mac(sa, covered)) });
        signed.Covered = new CoveredBytes(from, to, covered.ToArray());
        return signed;
    }

    /// <summary>
    /// Whether the signal carries an authentication that the association of its claimed sender
    /// <paramref name="from"/> and this receiver <paramref name="to"/> computes: the SPI must
    /// name that association, and the authenticator match, compared in constant time. The bytes
    /// hashed are those its signer covered where it signed it for these two, else its encoding.
    /// </summary>
    public bool Verifies(Signal signal, Endpoint from, Endpoint to)
    {
        if (signal.Authentication is not { } carried) return false;
        var sa = Association(signal, from, to);
        if (carried.Spi != sa.Spi) return false;
        var covered = signal.Covered is { } signed && signed.From == from && signed.To == to ? signed.Bytes : Covered(signal, sa.Spi, from, to);
        Span<byte> expected = stackalloc byte[Authenticator.Length], got = stackalloc byte[Authenticator.Length];
        Mac(sa, covered).Write(expected);
        carried.Value.Write(got);
        return CryptographicOperations.FixedTimeEquals(expected, got);
    }

    static Authenticator Mac(SecurityAssociation sa, ReadOnlySpan<byte> covered)
    {
        Span<byte> mac = stackalloc byte[Authenticator.Length];
        sa.Mac(covered, mac);
        return Authenticator.Read(mac);
    }

    /// <summary>What the authentication covers, in a buffer of this thread's, valid until its next message.</summary>
    [ThreadStatic] static byte[]? coveredBuffer;

    /// <summary>
    /// RFC 4285 §5.1: the HMAC covers care-of address | home address | the mobility header up to
    /// and including the SPI, its checksum zero. Here the first address is the source of the
    /// packet that carries the header (inside any tunnel), the second its Home Address option or
    /// type 2 routing header (a BA's, RFC 6275 §9.5.4) or, where it has neither, its destination. The
    /// Experimental option holds only the emulator's send time, which no node acts on and a replay
    /// changes, so it is left out, with the header length it adds to. A message not signed yet is
    /// encoded as it is, and the option's type, length, subtype and <paramref name="spi"/> added
    /// where the option would end the header: the same bytes as its signed copy's.
    /// </summary>
    ReadOnlySpan<byte> Covered(Signal signal, uint spi, Endpoint from, Endpoint to)
    {
        var w = packet ??= new PacketWriter();
        codec.Encode(w, signal, from, to);
        var bytes = w.Written;
        var (first, second, start, length) = MobilityHeader(bytes, signal);
        var mh = bytes.Slice(start, length);
        // A mobility header is at most 2,048 octets (RFC 6275 §6.1.1), a PBU's about a hundred.
        var needed = 32 + mh.Length + MobilityHeaderWriter.AuthenticationHeaderLength;
        var data = coveredBuffer is { } kept && kept.Length >= needed ? kept : coveredBuffer = new byte[Math.Max(1024, needed)];
        bytes.Slice(first, 16).CopyTo(data);
        bytes.Slice(second, 16).CopyTo(data.AsSpan(16));
        return data.AsSpan(0, 32 + Protected(mh, data.AsSpan(32), spi));
    }

    /// <summary>
    /// Where the two addresses the authenticator covers are, and the mobility header, found
    /// through tunnels (RFC 2473), UDP over IPv4 and destination options.
    /// </summary>
    static (int First, int Second, int Start, int Length) MobilityHeader(ReadOnlySpan<byte> bytes, Signal signal)
    {
        int at = 0, next = -1, first = 0, second = 0;
        // RFC 5555 §4.1: from or to an IPv4 care-of address, the IPv6 packet rides in UDP over IPv4.
        if (bytes[0] >> 4 == 4) at = Ipv4Packet.HeaderLength + 8;
        while (true)
        {
            if (next is -1 or NextHeader.Ipv6)
            {
                next = bytes[at + 6];
                (first, second) = (at + 8, at + 24);
                at += Ipv6Packet.HeaderLength;
            }
            else if (next is NextHeader.DestinationOptions or NextHeader.HopByHopOptions)
            {
                var length = (bytes[at + 1] + 1) * 8;
                if (HomeAddress(bytes.Slice(at + 2, length - 2)) is var home and >= 0) second = at + 2 + home;
                next = bytes[at];
                at += length;
            }
            else if (next == NextHeader.Routing)
            {
                // RFC 6275 §6.4.1: a type 2 routing header's one address is the home address (RFC 4285 §5.1's second).
                second = at + 8;
                next = bytes[at];
                at += (bytes[at + 1] + 1) * 8;
            }
            else if (next == NextHeader.MobilityHeader) return (first, second, at, (bytes[at + 1] + 1) * 8);
            else throw new InvalidOperationException($"{signal.GetType().Name} is not sent as a mobility header");
        }
    }

    /// <summary>RFC 6275 §6.3: where the Home Address option (type 201) holds the home address, which takes the second address's place; -1 if none.</summary>
    static int HomeAddress(ReadOnlySpan<byte> options)
    {
        for (int i = 0; i < options.Length;)
        {
            if (options[i] == 0) { i++; continue; }
            if (options[i] == 201 && options[i + 1] == 16) return i + 2;
            i += 2 + options[i + 1];
        }
        return -1;
    }

    /// <summary>Mobility header fixed parts after the common six octets (RFC 6275 §6.1.7, §6.1.8; RFC 5568 §6.2.1; RFC 5847 §5.1; RFC 7077 §4.1; RFC 6705 §10).</summary>
    static int FixedPart(byte type) => type switch
    {
        WireCodec.MhType.BindingUpdate or WireCodec.MhType.BindingAcknowledgement => 6,
        WireCodec.MhType.FastBindingUpdate or WireCodec.MhType.FastBindingAcknowledgement => 6,
        WireCodec.MhType.HandoverInitiate or WireCodec.MhType.HandoverAcknowledge => 4,
        WireCodec.MhType.UpdateNotification or WireCodec.MhType.Heartbeat => 6,
        WireCodec.MhType.LocalizedRoutingInitiation or WireCodec.MhType.LocalizedRoutingAcknowledgement => 6,
        _ => throw new InvalidOperationException($"MH type {type} carries no authentication here"),
    };

    /// <summary>
    /// Copies the header into <paramref name="into"/> as authenticated: length and checksum zero,
    /// padding and the emulator's metadata left out, then the authentication option up to its SPI,
    /// written with <paramref name="spi"/>: a message not signed yet has none. Its length.
    /// </summary>
    static int Protected(ReadOnlySpan<byte> mh, Span<byte> into, uint spi)
    {
        var start = 6 + FixedPart(mh[2]);
        mh[..start].CopyTo(into);
        into[1] = into[4] = into[5] = 0;
        int written = start;
        for (int i = start; i < mh.Length;)
        {
            var type = mh[i];
            if (type == MobilityOptionType.Pad1) { i++; continue; }
            // Type, length, subtype and SPI: the authenticator itself is what is computed, under the SPI it is computed for.
            if (type == MobilityOptionType.MobilityMessageAuthentication) break;
            var size = 2 + mh[i + 1];
            if (type is not (MobilityOptionType.PadN or MobilityOptionType.Experimental))
            {
                mh.Slice(i, size).CopyTo(into[written..]);
                written += size;
            }
            i += size;
        }
        // The option's header, as the message carries it or as its signed copy will.
        return written + MobilityHeaderWriter.AuthenticationHeader(into[written..], spi);
    }

    SecurityAssociation Association(Signal signal, Endpoint from, Endpoint to) => signal switch
    {
        // RFC 6275 §5.1: the sending node and its home agent; a local BU's is its MAP's (RFC 5380 §4).
        BindingUpdate bu when from.Kind == NodeKind.MobileNode => associations.MnHa(from.Index, bu.MapRegistration ? to.Index : policy.AnchorOf(bu.MnId)),
        BindingAcknowledgement ba => associations.MnHa(ba.Procedure.MobileNode.Index, ba.HomeAgent),
        // RFC 5568 §5.2: the node and its previous access router, whichever link the FBU or FBack crosses.
        FastBindingUpdate fbu => associations.MnAr(fbu.MnId.Index, fbu.PreviousAccessRouter),
        FastBindingAcknowledgement fback => associations.MnAr(fback.MnId.Index, fback.PreviousAccessRouter),
        _ when from.Kind == NodeKind.AccessRouter && to.Kind == NodeKind.Anchor => associations.MagLma(from.Index, to.Index),
        _ when from.Kind == NodeKind.Anchor && to.Kind == NodeKind.AccessRouter => associations.MagLma(to.Index, from.Index),
        _ when from.Kind == NodeKind.AccessRouter && to.Kind == NodeKind.AccessRouter => associations.MagMag(from.Index, to.Index),
        _ when from.Kind == NodeKind.Anchor && to.Kind == NodeKind.Anchor => associations.AnchorAnchor(from.Index, to.Index),
        _ => throw new InvalidOperationException($"no security association between {from} and {to}"),
    };
}
