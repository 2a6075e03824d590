using System.Buffers.Binary;
using System.Security.Cryptography;
using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mipv6Ro;

/// <summary>
/// The return routability cryptography of RFC 6275 §5.2: a correspondent's secret Kcn and its
/// nonces, the keygen tokens it sends in HoT and CoT, the node's Kbm made of both, and the
/// Binding Authorization Data that Kbm computes over a BU or BA.
/// </summary>
public static class ReturnRoutabilityKeys
{
    /// <summary>RFC 6275 §12: MAX_NONCE_LIFETIME; a correspondent makes a new nonce this often and forgets one older than this.</summary>
    public static readonly ModelTime NonceLifetime = ModelTime.FromSeconds(240);

    /// <summary>RFC 6275 §12: MAX_RR_BINDING_LIFETIME, the longest binding a correspondent grants under return routability.</summary>
    public static readonly ModelTime MaxBindingLifetime = ModelTime.FromSeconds(420);

    /// <summary>A correspondent's Kcn (§5.2.3: 20 octets, generated at random), drawn from the seed so a run repeats.</summary>
    public static byte[] SecretOf(ulong seed, int correspondent)
    {
        Span<byte> input = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(input, seed);
        BinaryPrimitives.WriteInt32BigEndian(input[8..], correspondent);
        return SHA256.HashData(input)[..20];
    }

    /// <summary>The nonce index in force when a test init arrives (§5.2.2: each nonce is identified by its index).</summary>
    public static ushort NonceIndexAt(ModelTime at) => (ushort)(at.Microseconds / NonceLifetime.Microseconds);

    /// <summary>Whether a BU's nonce index is one the correspondent still remembers at <paramref name="at"/> (§5.2.7).</summary>
    public static bool Remembered(ushort index, ModelTime at) => (ushort)(NonceIndexAt(at) - index) <= 1;

    static byte[] Nonce(byte[] kcn, ushort index)
    {
        Span<byte> input = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(input, index);
        return HMACSHA256.HashData(kcn, input)[..8];
    }

    /// <summary>§5.2.5: First(64, HMAC_SHA1(Kcn, (address | nonce | 0))), 0 for the home, 1 for the care-of keygen token.</summary>
    public static ulong KeygenToken(byte[] kcn, Ipv6Address address, ushort nonceIndex, byte which)
    {
        Span<byte> input = stackalloc byte[16 + 8 + 1];
        address.Write(input);
        Nonce(kcn, nonceIndex).CopyTo(input[16..]);
        input[24] = which;
        return BinaryPrimitives.ReadUInt64BigEndian(HMACSHA1.HashData(kcn, input));
    }

    /// <summary>§5.2.5: Kbm = SHA1(home keygen token | care-of keygen token).</summary>
    public static byte[] BindingKey(ulong homeToken, ulong careOfToken)
    {
        Span<byte> input = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(input, homeToken);
        BinaryPrimitives.WriteUInt64BigEndian(input[8..], careOfToken);
        return SHA1.HashData(input);
    }

    /// <summary>
    /// §5.2.6: First(96, HMAC_SHA1(Kbm, (care-of address | correspondent | MH data))). The MH data
    /// here are the message's own fields (sequence number, lifetime, status or nonce indices) rather
    /// than its encoded bytes: both ends compute it alike.
    /// </summary>
    public static BindingAuthorizationData Authorize(byte[] kbm, Ipv6Address careOf, Ipv6Address correspondent, byte type,
        ushort sequence, ushort lifetime, ushort a, ushort b)
    {
        Span<byte> input = stackalloc byte[16 + 16 + 1 + 8];
        careOf.Write(input);
        correspondent.Write(input[16..]);
        input[32] = type;
        BinaryPrimitives.WriteUInt16BigEndian(input[33..], sequence);
        BinaryPrimitives.WriteUInt16BigEndian(input[35..], lifetime);
        BinaryPrimitives.WriteUInt16BigEndian(input[37..], a);
        BinaryPrimitives.WriteUInt16BigEndian(input[39..], b);
        return BindingAuthorizationData.Read(HMACSHA1.HashData(kbm, input));
    }
}
