namespace DmmActors.Addressing;

/// <summary>
/// The mobile node identifier (RFC 4283 MN-ID option, NAI subtype). The index keeps it
/// compact; the NAI is its printed form.
/// </summary>
public readonly record struct MnIdentifier(int Index) : ISpanFormattable
{
    public string Nai
    {
        get
        {
            Span<byte> nai = stackalloc byte[MaxNaiLength];
            return System.Text.Encoding.ASCII.GetString(nai[..WriteNai(nai)]);
        }
    }

    public const int MaxNaiLength = 32;

    /// <summary>Writes the NAI in ASCII into <paramref name="into"/> (at least <see cref="MaxNaiLength"/> bytes), as the wire carries it; its length.</summary>
    public int WriteNai(Span<byte> into)
    {
        System.Text.Unicode.Utf8.TryWrite(into, $"mn{Index}@dmm.example", out var written);
        return written;
    }
    public override string ToString() => Nai;

    public string ToString(string? format, IFormatProvider? formatProvider) => Nai;

    /// <summary>The NAI, written where a report is made without a string for each node.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        Span<byte> nai = stackalloc byte[MaxNaiLength];
        var length = WriteNai(nai);
        charsWritten = length <= destination.Length ? System.Text.Encoding.ASCII.GetChars(nai[..length], destination) : 0;
        return charsWritten == length;
    }
}
