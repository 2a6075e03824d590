using DmmActors.Addressing;

namespace DmmActors.Practices.Pmipv6LocalRouting;

/// <summary>Two nodes' prefixes as one key, whichever of the two a packet or a message names first: the pair RFC 6705 localizes.</summary>
static class PrefixPair
{
    public static (ulong, ulong) Of(Prefix64 a, Prefix64 b) => a.Bits <= b.Bits ? (a.Bits, b.Bits) : (b.Bits, a.Bits);
}
