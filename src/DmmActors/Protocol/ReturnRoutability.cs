using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>
/// Home Test Init (RFC 6275 §6.1.3): from the node's home address, reverse-tunnelled through its
/// home agent to the correspondent; <paramref name="Cookie"/> is the home init cookie.
/// </summary>
public sealed record HomeTestInit(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, Prefix64 HomePrefix, int Correspondent, ulong Cookie) : Signal
{
    public override SignalType Type => SignalType.HomeTestInit;
}

/// <summary>Care-of Test Init (RFC 6275 §6.1.4): from the care-of address, straight to the correspondent.</summary>
public sealed record CareOfTestInit(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, int CareOfRouter, int Correspondent, ulong Cookie) : Signal
{
    public override SignalType Type => SignalType.CareOfTestInit;
}

/// <summary>Home Test (RFC 6275 §6.1.5): to the home address, so through the home agent's tunnel; it carries the home keygen token.</summary>
public sealed record HomeTest(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, Prefix64 HomePrefix, int Correspondent,
    ushort HomeNonceIndex, ulong Cookie, ulong HomeKeygenToken) : Signal
{
    public override SignalType Type => SignalType.HomeTest;
}

/// <summary>Care-of Test (RFC 6275 §6.1.6): to the care-of address; it carries the care-of keygen token.</summary>
public sealed record CareOfTest(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, int CareOfRouter, int Correspondent,
    ushort CareOfNonceIndex, ulong Cookie, ulong CareOfKeygenToken) : Signal
{
    public override SignalType Type => SignalType.CareOfTest;
}

/// <summary>
/// A Binding Update to a correspondent (RFC 6275 §6.1.7, §9.5.1): from the care-of address with
/// the home address in a Home Address option, A set and H clear, authorised by the Nonce Indices
/// (§6.2.6) and Binding Authorization Data (§6.2.7) options under Kbm (§5.2.5).
/// </summary>
public sealed record CorrespondentBindingUpdate(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, Prefix64 HomePrefix,
    int CareOfRouter, int Correspondent, ushort SequenceNumber, ushort LifetimeUnits, ushort HomeNonceIndex, ushort CareOfNonceIndex,
    BindingAuthorizationData Authorizer) : Signal
{
    public ModelTime Lifetime => Protocol.Lifetime.FromUnits(LifetimeUnits);
    public override SignalType Type => SignalType.BindingUpdate;
}

/// <summary>A correspondent's Binding Acknowledgement (RFC 6275 §6.1.8, §9.5.4): to the care-of address, with a type 2 routing header, authorised under Kbm.</summary>
public sealed record CorrespondentBindingAcknowledgement(ProcedureRef Procedure, ModelTime SentAt, BindingStatus Status, MnIdentifier MnId,
    Prefix64 HomePrefix, int CareOfRouter, int Correspondent, ushort SequenceNumber, ushort LifetimeUnits, BindingAuthorizationData Authorizer) : Signal
{
    public override SignalType Type => SignalType.BindingAcknowledgement;
}

/// <summary>The 96-bit authenticator of the Binding Authorization Data option (RFC 6275 §5.2.6, §6.2.7).</summary>
public readonly record struct BindingAuthorizationData(ulong High, uint Low)
{
    public const int Length = 12;

    public static BindingAuthorizationData Read(ReadOnlySpan<byte> value) =>
        new(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(value), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(value[8..]));

    public void Write(Span<byte> into)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(into, High);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(into[8..], Low);
    }
}
