using System.Security.Cryptography;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Protocol.Wire;
using DmmActors.Topology;

namespace DmmActors.Security;

/// <summary>
/// Signs and verifies the signalling a security association protects, over its encoded bytes:
/// a real HMAC-SHA256 over the message as <see cref="WireCodec"/> puts it on the wire, carried
/// in the Mobility Message Authentication option (RFC 4285 §5). Today: PBU and PBA between MAG
/// and LMA (RFC 5213 §4).
/// </summary>
public sealed class MessageAuthenticator(WireCodec codec, SecurityAssociations associations)
{
    /// <summary>The IPv6 header's length (RFC 8200 §3); a PBU or PBA has no extension header after it.</summary>
    const int MobilityHeaderStart = 40;

    [ThreadStatic] static PacketWriter? packet;

    public static bool Protects(Signal signal) => signal is ProxyBindingUpdate or ProxyBindingAcknowledgement;

    /// <summary>The signal with its authentication, computed under the association of <paramref name="from"/> and <paramref name="to"/>.</summary>
    public T Sign<T>(T signal, Endpoint from, Endpoint to) where T : Signal
    {
        var sa = Association(from, to);
        return (T)With(signal, new MessageAuthentication(sa.Spi, Compute(signal, sa, from, to)));
    }

    /// <summary>
    /// Whether the signal carries an authentication that the association of its claimed sender
    /// <paramref name="from"/> and this receiver <paramref name="to"/> computes: the SPI must
    /// name that association, and the authenticator match, compared in constant time.
    /// </summary>
    public bool Verifies(Signal signal, Endpoint from, Endpoint to)
    {
        if (Carried(signal) is not { } carried) return false;
        var sa = Association(from, to);
        if (carried.Spi != sa.Spi) return false;
        Span<byte> expected = stackalloc byte[Authenticator.Length], got = stackalloc byte[Authenticator.Length];
        Compute(signal, sa, from, to).Write(expected);
        carried.Value.Write(got);
        return CryptographicOperations.FixedTimeEquals(expected, got);
    }

    /// <summary>
    /// RFC 4285 §5.1: the HMAC over care-of address | home address | the mobility header up to
    /// and including the SPI, its checksum zero. A PBU names no home address and its source is
    /// the proxy care-of address, so here the packet's source | destination | that header.
    /// </summary>
    Authenticator Compute(Signal signal, SecurityAssociation sa, Endpoint from, Endpoint to)
    {
        var w = packet ??= new PacketWriter();
        w.Reset();
        codec.Encode(w, With(signal, new MessageAuthentication(sa.Spi, default)), from, to);
        var bytes = w.Written;
        if (bytes[6] != NextHeader.MobilityHeader) throw new InvalidOperationException($"{signal.GetType().Name} is not sent as a bare mobility header");
        var header = bytes[MobilityHeaderStart..^Authenticator.Length];
        // A mobility header is at most 2,048 octets (RFC 6275 §6.1.1), a PBU's about a hundred: on the stack, not the heap, per message.
        Span<byte> data = header.Length <= 1024 ? stackalloc byte[32 + header.Length] : new byte[32 + header.Length];
        bytes[8..40].CopyTo(data);
        header.CopyTo(data[32..]);
        data[32 + 4] = data[32 + 5] = 0;
        Span<byte> mac = stackalloc byte[Authenticator.Length];
        HMACSHA256.HashData(sa.Key, data, mac);
        return Authenticator.Read(mac);
    }

    SecurityAssociation Association(Endpoint from, Endpoint to) => (from.Kind, to.Kind) switch
    {
        (NodeKind.AccessRouter, NodeKind.Anchor) => associations.MagLma(from.Index, to.Index),
        (NodeKind.Anchor, NodeKind.AccessRouter) => associations.MagLma(to.Index, from.Index),
        _ => throw new InvalidOperationException($"no security association between {from} and {to}"),
    };

    static MessageAuthentication? Carried(Signal signal) => signal switch
    {
        ProxyBindingUpdate pbu => pbu.Authentication,
        ProxyBindingAcknowledgement pba => pba.Authentication,
        _ => null,
    };

    static Signal With(Signal signal, MessageAuthentication authentication) => signal switch
    {
        ProxyBindingUpdate pbu => pbu with { Authentication = authentication },
        ProxyBindingAcknowledgement pba => pba with { Authentication = authentication },
        _ => throw new InvalidOperationException($"{signal.GetType().Name} carries no mobility message authentication"),
    };
}
