namespace DmmActors.Addressing;

/// <summary>
/// A care-of address as a binding holds it: the prefix of the access router a node is on (its
/// on-link care-of address, or the MAG's proxy-CoA in PMIPv6), kept as that router's index;
/// or, in HMIPv6, a regional care-of address on a MAP's link (RCoA, RFC 5380 §1), numbered
/// after the access routers so that one field holds either.
/// </summary>
public static class CareOfAddress
{
    public static int Regional(int map, int accessRouters) => accessRouters + map;

    /// <summary>Whether <paramref name="careOf"/> is a regional care-of address, and on which MAP's link.</summary>
    public static bool IsRegional(int careOf, int accessRouters, out int map)
    {
        map = careOf - accessRouters;
        return careOf >= accessRouters;
    }

    /// <summary>How reports write it: the access router's name, or the MAP's (by its anchor number) for an RCoA.</summary>
    public static string Name(int careOf, int accessRouters) => new Named(careOf, accessRouters).ToString();

    /// <summary>The name, for a report that writes a row at a time without a string each.</summary>
    public readonly record struct Named(int CareOf, int AccessRouters) : ISpanFormattable
    {
        public override string ToString() => ToString(null, null);

        public string ToString(string? format, IFormatProvider? formatProvider)
        {
            Span<char> text = stackalloc char[32];
            TryFormat(text, out var written, format, formatProvider);
            return new string(text[..written]);
        }

        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
            IsRegional(CareOf, AccessRouters, out var map)
                ? destination.TryWrite(System.Globalization.CultureInfo.InvariantCulture, $"rcoa@map-{map}", out charsWritten)
                : destination.TryWrite(System.Globalization.CultureInfo.InvariantCulture, $"ar-{CareOf}", out charsWritten);
    }

    /// <summary>
    /// The regional care-of address a node forms on a MAP's prefix (RFC 5380 §6.1), kept as a
    /// prefix of the MAP's own pool: it is what the MAP's binding cache is keyed by.
    /// </summary>
    public static Prefix64 RegionalPrefix(int map, MnIdentifier mn) => Prefix64.Delegated(map, mn.Index);
}
