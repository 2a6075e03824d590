using DmmActors.Serialization;

namespace DmmActors.Bindings;

/// <summary>How a registration goes into a payload: the journal's event and the resume messages that carry one.</summary>
public static class BindingFields
{
    public static void Registered(this BinaryWriter w, BindingRegistered e)
    {
        w.Mn(e.MnId); w.Time(e.At); w.Write((byte)e.Kind); w.Prefix(e.Prefix); w.Write(e.CareOf);
        w.Write(e.SequenceNumber); w.Time(e.Timestamp); w.Time(e.Lifetime);
        w.Write(e.RequestSentAt is not null);
        if (e.RequestSentAt is { } sent) w.Time(sent);
    }

    public static BindingRegistered Registered(this BinaryReader r)
    {
        var e = RegisteredBeforeSendTimes(r);
        return r.ReadBoolean() ? e with { RequestSentAt = r.Time() } : e;
    }

    /// <summary>Schema v1: the registration without its send time.</summary>
    public static BindingRegistered RegisteredBeforeSendTimes(this BinaryReader r) =>
        new(r.Mn(), r.Time(), (RegistrationKind)r.ReadByte(), r.Prefix(), r.ReadInt32(), r.ReadUInt16(), r.Time(), r.Time());
}
