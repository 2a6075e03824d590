using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DmmActors.Security;

/// <summary>A mobility security association (RFC 4285 §5): its SPI and the key it shares between two peers.</summary>
public readonly record struct SecurityAssociation(uint Spi, byte[] Key)
{
    /// <summary>RFC 4285 §5: SPIs 0 to 255 are reserved.</summary>
    public const uint FirstSpi = 256;
}

/// <summary>
/// The security associations of a run, set up at bootstrap as an operator provisions them:
/// one per MAG–LMA pair (RFC 5213 §4). Each is derived from a key of the run (drawn from its
/// seed) and the pair, so none is stored and every peer of a pair, in any process of a
/// cluster, holds the same one.
/// </summary>
public sealed class SecurityAssociations(ulong seed)
{
    readonly byte[] master = SHA256.HashData(Encoding.ASCII.GetBytes($"DmmActors security associations, run seed {seed}"));

    /// <summary>Derived once per pair in this process: a MAG serves many nodes, and derivation is two HMACs.</summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<(int, int), SecurityAssociation> magLma = new();

    /// <summary>Pairs kept; past it (a forger naming MAGs by the million) each is derived anew rather than held.</summary>
    const int MaxKept = 1 << 20;

    /// <summary>RFC 5213 §4: the MAG and the LMA it registers with.</summary>
    public SecurityAssociation MagLma(int mag, int lma) =>
        magLma.TryGetValue((mag, lma), out var kept) ? kept
        : magLma.Count < MaxKept ? magLma.GetOrAdd((mag, lma), p => Derive($"mag {p.Item1} lma {p.Item2}"))
        : Derive($"mag {mag} lma {lma}");

    SecurityAssociation Derive(string pair)
    {
        var key = HMACSHA256.HashData(master, Encoding.ASCII.GetBytes("key " + pair));
        Span<byte> index = stackalloc byte[32];
        HMACSHA256.HashData(master, Encoding.ASCII.GetBytes("spi " + pair), index);
        var spi = SecurityAssociation.FirstSpi + BinaryPrimitives.ReadUInt32BigEndian(index) % (uint.MaxValue - SecurityAssociation.FirstSpi);
        return new SecurityAssociation(spi, key);
    }
}
