namespace DmmActors.Addressing;

/// <summary>
/// The mobile node identifier (RFC 4283 MN-ID option, NAI subtype). The index keeps it
/// compact; the NAI is its printed form.
/// </summary>
public readonly record struct MnIdentifier(int Index)
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
}
