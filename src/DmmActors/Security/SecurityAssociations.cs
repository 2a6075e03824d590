using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DmmActors.Security;

/// <summary>A mobility security association (RFC 4285 §5): its SPI and the key it shares between two peers.</summary>
/// <param name="KeptMac">The key's HMAC context, kept where the pair is one of few that carry much signalling; null where pairs are as many as nodes.</param>
public readonly record struct SecurityAssociation(uint Spi, byte[] Key, HmacSha256.Keyed? KeptMac = null)
{
    /// <summary>RFC 4285 §5: SPIs 0 to 255 are reserved.</summary>
    public const uint FirstSpi = 256;

    /// <summary>Writes HMAC-SHA256 of <paramref name="data"/> under this association's key into <paramref name="mac"/>.</summary>
    public void Mac(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        if (KeptMac is { } kept) kept.Compute(data, mac);
        else HmacSha256.Compute(Key, data, mac);
    }
}

/// <summary>
/// The security associations of a run, set up at bootstrap as an operator provisions them: one
/// per MAG–LMA pair (RFC 5213 §4), MN–HA pair (RFC 6275 §5.1), pair of MAGs that hand nodes
/// over (RFC 5949 §7) and pair of anchors that transfer context (RFC 4067 §6). Each is derived
/// from a key of the run (drawn from its seed) and the pair, so none is stored and every peer
/// of a pair, in any process of a cluster, holds the same one.
/// </summary>
public sealed class SecurityAssociations(ulong seed)
{
    enum Pair : byte { MagLma, MnHa, MagMag, AnchorAnchor, MnAr }

    readonly byte[] master = SHA256.HashData(Encoding.ASCII.GetBytes($"DmmActors security associations, run seed {seed}"));

    /// <summary>Derived once per pair in this process: a MAG serves many nodes, and derivation is two HMACs.</summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<(Pair, int, int), SecurityAssociation> kept = new();

    /// <summary>Pairs kept; past it (a forger naming peers by the million) each is derived anew rather than held.</summary>
    const int MaxKept = 1 << 20;

    /// <summary>
    /// HMAC contexts kept, some hundreds of bytes of native memory each that the GC does not see:
    /// enough for the infrastructure pairs of a large run, and past it a pair MACs on the per-thread path.
    /// </summary>
    const int MaxKeptContexts = 1 << 16;
    int keptContexts;

    /// <summary>RFC 5213 §4: the MAG and the LMA it registers with.</summary>
    public SecurityAssociation MagLma(int mag, int lma) => Of(Pair.MagLma, mag, lma);

    /// <summary>RFC 6275 §5.1: the mobile node and its home agent (or, in HMIPv6, its MAP).</summary>
    public SecurityAssociation MnHa(int mn, int ha) => Of(Pair.MnHa, mn, ha);

    /// <summary>RFC 5949 §7: the previous and new MAG of a handover, either way round.</summary>
    public SecurityAssociation MagMag(int a, int b) => Of(Pair.MagMag, Math.Min(a, b), Math.Max(a, b));

    /// <summary>RFC 4067 §6: two anchors that hand a context over, either way round.</summary>
    public SecurityAssociation AnchorAnchor(int a, int b) => Of(Pair.AnchorAnchor, Math.Min(a, b), Math.Max(a, b));

    /// <summary>RFC 5568 §5.2: the node and the access router it sends an FBU to, which share a handover key (RFC 5269).</summary>
    public SecurityAssociation MnAr(int mn, int ar) => Of(Pair.MnAr, mn, ar);

    SecurityAssociation Of(Pair pair, int a, int b) =>
        kept.TryGetValue((pair, a, b), out var known) ? known
        : kept.Count < MaxKept ? kept.GetOrAdd((pair, a, b), p => Derive(p.Item1, p.Item2, p.Item3, keep: true))
        : Derive(pair, a, b, keep: false);

    /// <param name="keep">Whether the association is kept: then, unless its pairs are as many as the nodes (MN–HA), its HMAC context is kept with it.</param>
    SecurityAssociation Derive(Pair kind, int a, int b, bool keep)
    {
        var pair = kind switch
        {
            Pair.MagLma => $"mag {a} lma {b}",
            Pair.MnHa => $"mn {a} ha {b}",
            Pair.MagMag => $"mag {a} mag {b}",
            Pair.MnAr => $"mn {a} ar {b}",
            _ => $"anchor {a} anchor {b}",
        };
        var key = HMACSHA256.HashData(master, Encoding.ASCII.GetBytes("key " + pair));
        Span<byte> index = stackalloc byte[32];
        HMACSHA256.HashData(master, Encoding.ASCII.GetBytes("spi " + pair), index);
        var spi = SecurityAssociation.FirstSpi + BinaryPrimitives.ReadUInt32BigEndian(index) % (uint.MaxValue - SecurityAssociation.FirstSpi);
        var context = keep && kind is not (Pair.MnHa or Pair.MnAr) && Interlocked.Increment(ref keptContexts) <= MaxKeptContexts;
        return new SecurityAssociation(spi, key, context ? new HmacSha256.Keyed(key) : null);
    }
}
