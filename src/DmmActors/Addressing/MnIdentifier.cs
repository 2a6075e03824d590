namespace DmmActors.Addressing;

/// <summary>
/// The mobile node identifier (RFC 4283 MN-ID option, NAI subtype). The index keeps it
/// compact; the NAI is its printed form.
/// </summary>
public readonly record struct MnIdentifier(int Index)
{
    public string Nai => $"mn{Index}@dmm.example";
    public override string ToString() => Nai;
}
