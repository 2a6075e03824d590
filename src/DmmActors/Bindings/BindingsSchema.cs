using DmmActors.Serialization;

namespace DmmActors.Bindings;

/// <summary>The anchors' binding cache events, as their journals hold them.</summary>
public sealed class BindingsSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterOlder("BindingRegistered.v1", r => r.RegisteredBeforeSendTimes());
        schemas.Register<BindingRegistered>("BindingRegistered.v2", (w, e) => w.Registered(e), r => r.Registered());
        schemas.RegisterOlder("BindingDeregistered.v1", r => new BindingDeregistered(r.Mn(), r.Time(), r.ReadInt32(), r.ReadUInt16(), r.Time(), r.Time()));
        schemas.Register<BindingDeregistered>("BindingDeregistered.v2", (w, e) =>
        {
            w.Mn(e.MnId); w.Time(e.At); w.Write(e.CareOf); w.Write(e.SequenceNumber); w.Time(e.Timestamp); w.Time(e.DeleteAfter);
            w.Prefix(e.Prefix);
        }, r => new BindingDeregistered(r.Mn(), r.Time(), r.ReadInt32(), r.ReadUInt16(), r.Time(), r.Time(), r.Prefix()));
        schemas.Register<BindingContextReceived>("BindingContextReceived.v1", (w, e) =>
        {
            w.Mn(e.MnId); w.Time(e.At); w.Prefix(e.Prefix); w.Write(e.CareOf); w.Write(e.SequenceNumber); w.Time(e.Timestamp);
            w.Time(e.Lifetime); w.Time(e.RegisteredAt); w.Write(e.FromAnchor); w.Write(e.Sessions); w.List(e.Groups, w.Write);
        }, r => new BindingContextReceived(r.Mn(), r.Time(), r.Prefix(), r.ReadInt32(), r.ReadUInt16(), r.Time(), r.Time(), r.Time(),
            r.ReadInt32(), r.ReadInt32(), r.List(r.ReadInt32)));
        schemas.Register<BindingContextTransferred>("BindingContextTransferred.v1", (w, e) =>
        {
            w.Mn(e.MnId); w.Time(e.At); w.Prefix(e.Prefix); w.Write(e.ToAnchor);
        }, r => new BindingContextTransferred(r.Mn(), r.Time(), r.Prefix(), r.ReadInt32()));
    }
}
