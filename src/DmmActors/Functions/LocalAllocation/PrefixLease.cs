using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Serialization;

namespace DmmActors.Functions;

/// <summary>
/// An access router asks its own address allocation for a node's prefix (RFC 8273's unique prefix
/// per host), to renew it or, with <paramref name="Lifetime"/> zero, to release it. The two are
/// functions of one box: the message crosses no link and is not signalling.
/// </summary>
public sealed record PrefixLease(ProcedureRef Procedure, MnIdentifier MnId, int Router, ushort SequenceNumber, ModelTime At, ModelTime Lifetime) : IDmmMessage
{
    public bool IsRelease => Lifetime == ModelTime.Zero;
}

/// <summary>The allocation's answer: the node's prefix and the lifetime it holds it for, from <paramref name="At"/> (model time) on.</summary>
public sealed record PrefixLeaseAnswer(ProcedureRef Procedure, MnIdentifier MnId, ushort SequenceNumber, BindingStatus Status, Prefix64 Prefix, ModelTime Lifetime, ModelTime At)
    : IDmmMessage;

/// <summary>A cluster places the router and its allocation in one region, but what actors exchange has a schema wherever they stand.</summary>
public sealed class PrefixLeaseSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.Register<PrefixLease>("PrefixLease.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Mn(m.MnId); w.Write(m.Router); w.Write(m.SequenceNumber); w.Time(m.At); w.Time(m.Lifetime);
        }, r => new PrefixLease(r.Procedure(), r.Mn(), r.ReadInt32(), r.ReadUInt16(), r.Time(), r.Time()));
        schemas.Register<PrefixLeaseAnswer>("PrefixLeaseAnswer.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Mn(m.MnId); w.Write(m.SequenceNumber); w.Write((byte)m.Status); w.Prefix(m.Prefix); w.Time(m.Lifetime); w.Time(m.At);
        }, r => new PrefixLeaseAnswer(r.Procedure(), r.Mn(), r.ReadUInt16(), (BindingStatus)r.ReadByte(), r.Prefix(), r.Time(), r.Time()));
    }
}
