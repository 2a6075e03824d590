namespace DmmActors.Addressing;

/// <summary>
/// An IPv6 /64 prefix, kept as its upper 64 bits so that a million binding cache entries
/// stay small. Addresses come from 3fff::/20, the documentation block of RFC 9637.
/// </summary>
public readonly record struct Prefix64(ulong Bits) : ISpanFormattable
{
    public static readonly Prefix64 None = new(0);

    const ulong DocumentationBlock = 0x3fff0UL << 44;
    const int AnchorBits = 16;
    const int SubnetBits = 28;

    /// <summary>The last pool index is kept for the access routers' own on-link prefixes.</summary>
    public const int MaxAnchors = (1 << AnchorBits) - 1;
    public const int MaxSubnets = 1 << SubnetBits;

    public bool IsNone => Bits == 0;

    /// <summary>The /36 pool from which an anchor delegates home network prefixes.</summary>
    public static Prefix64 AnchorPool(int anchorIndex)
    {
        if ((uint)anchorIndex >= MaxAnchors) throw new ArgumentOutOfRangeException(nameof(anchorIndex));
        return new(DocumentationBlock | ((ulong)anchorIndex << SubnetBits));
    }

    /// <summary>
    /// A home network prefix delegated from an anchor's pool. The subnet is the mobile
    /// node's index, so allocation does not depend on the order registrations arrive in.
    /// </summary>
    public static Prefix64 Delegated(int anchorIndex, int subnet)
    {
        if ((uint)subnet >= MaxSubnets) throw new ArgumentOutOfRangeException(nameof(subnet));
        return new(AnchorPool(anchorIndex).Bits | (uint)subnet);
    }

    /// <summary>An access router's own on-link prefix, on which MIPv6 nodes form care-of addresses.</summary>
    public static Prefix64 AccessLink(int accessRouter) =>
        new(DocumentationBlock | ((ulong)MaxAnchors << SubnetBits) | (uint)accessRouter);

    /// <summary>Index of the anchor whose pool covers this prefix (longest-prefix match on the /36).</summary>
    public int PoolAnchor => (int)((Bits >> SubnetBits) & 0xFFFF);

    public override string ToString() => ToString(null, null);

    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        Span<char> text = stackalloc char[24];
        TryFormat(text, out var written, format, formatProvider);
        return new string(text[..written]);
    }

    /// <summary>
    /// The four groups of the /64 in lower-case hex, its trailing zero groups collapsed with the
    /// zero interface identifier into "::" as RFC 5952 §4.2 has it (the first group always stays).
    /// </summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        var last = 0;
        while (last < 3 && (ushort)(Bits >> (last * 16)) == 0) last++;
        for (int i = 3; i >= last; i--)
        {
            if (i < 3)
            {
                if (charsWritten >= destination.Length) return false;
                destination[charsWritten++] = ':';
            }
            if (!((ushort)(Bits >> (i * 16))).TryFormat(destination[charsWritten..], out var group, "x", null)) return false;
            charsWritten += group;
        }
        if (!"::/64".TryCopyTo(destination[charsWritten..])) return false;
        charsWritten += 5;
        return true;
    }
}
