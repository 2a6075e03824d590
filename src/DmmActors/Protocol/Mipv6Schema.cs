using DmmActors.Addressing;
using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>Mobile IPv6 home registration between a node (or its MAP) and its home agent (RFC 6275 §6.1.7, §6.1.8).</summary>
public sealed class Mipv6Schema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterSignal<BindingUpdate>("BindingUpdate.v6", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.HomePrefix); w.Write(m.SequenceNumber);
            w.Write(m.LifetimeUnits); w.Write(m.CareOfRouter); w.Write(m.MapRegistration); w.Prefix(m.MobileNetworkPrefix);
            w.Write(m.Ipv4HomeAddress is not null);
            if (m.Ipv4HomeAddress is { } home) w.Write(home.Value);
            Transport(w, m.Ipv4);
        }, r => new BindingUpdate(r.Procedure(), r.Time(), r.Mn(), r.Prefix(), r.ReadUInt16(), r.ReadUInt16(), r.ReadInt32())
        { MapRegistration = r.ReadBoolean(), MobileNetworkPrefix = r.Prefix(), Ipv4HomeAddress = r.ReadBoolean() ? new Ipv4Address(r.ReadUInt32()) : null, Ipv4 = Transport(r) });
        schemas.RegisterSignal<BindingAcknowledgement>("BindingAcknowledgement.v6", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write((byte)m.Status); w.Write(m.SequenceNumber);
            w.Write(m.LifetimeUnits); w.Write(m.HomeAgent); w.Prefix(m.HomePrefix); w.Write(m.MobileRouter);
            w.Write(m.Ipv4HomeAddress is not null);
            if (m.Ipv4HomeAddress is { } ack) { w.Write((byte)ack.Status); w.Write(ack.HomeAddress.Value); }
            w.Write(m.NatRefreshTime is not null);
            if (m.NatRefreshTime is { } refresh) w.Write(refresh);
            Transport(w, m.Ipv4);
        }, r => new BindingAcknowledgement(r.Procedure(), r.Time(), (BindingStatus)r.ReadByte(), r.ReadUInt16(),
            r.ReadUInt16(), r.ReadInt32())
        {
            HomePrefix = r.Prefix(), MobileRouter = r.ReadBoolean(),
            Ipv4HomeAddress = r.ReadBoolean() ? new Ipv4AddressAcknowledgement((Ipv4AddressStatus)r.ReadByte(), new(r.ReadUInt32())) : null,
            NatRefreshTime = r.ReadBoolean() ? r.ReadUInt32() : null,
            Ipv4 = Transport(r),
        });
        schemas.RegisterSignal<HomeAgentAdvertisement>("HomeAgentAdvertisement.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.HomeAgent); w.Write(m.Preference); w.Write(m.LifetimeSeconds);
        }, r => new HomeAgentAdvertisement(r.Procedure(), r.Time(), r.ReadInt32(), r.ReadUInt16(), r.ReadUInt16()));
        schemas.RegisterSignal<HomeAgentSwitch>("HomeAgentSwitch.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.HomeAgent); w.Prefix(m.HomePrefix); w.Write(m.CareOfRouter); w.Write(m.HomeAgents.Count);
            foreach (var ha in m.HomeAgents) w.Write(ha);
        }, r =>
        {
            var (procedure, sentAt, homeAgent, home, careOf) = (r.Procedure(), r.Time(), r.ReadInt32(), r.Prefix(), r.ReadInt32());
            var homeAgents = new int[r.ReadInt32()];
            for (int i = 0; i < homeAgents.Length; i++) homeAgents[i] = r.ReadInt32();
            return new HomeAgentSwitch(procedure, sentAt, homeAgent, home, careOf, homeAgents);
        });
        schemas.RegisterSignal<HomeAgentAddressDiscoveryRequest>("HomeAgentAddressDiscoveryRequest.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.Identifier); w.Write(m.CareOfRouter);
        }, r => new HomeAgentAddressDiscoveryRequest(r.Procedure(), r.Time(), r.Mn(), r.ReadUInt16(), r.ReadInt32()));
        schemas.RegisterSignal<HomeAgentAddressDiscoveryReply>("HomeAgentAddressDiscoveryReply.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.Identifier); w.Write(m.Responder); w.Write(m.HomeAgents.Count);
            foreach (var ha in m.HomeAgents) w.Write(ha);
            w.Write(m.CareOfRouter);
        }, r =>
        {
            var (procedure, sentAt, identifier, responder) = (r.Procedure(), r.Time(), r.ReadUInt16(), r.ReadInt32());
            var homeAgents = new int[r.ReadInt32()];
            for (int i = 0; i < homeAgents.Length; i++) homeAgents[i] = r.ReadInt32();
            return new HomeAgentAddressDiscoveryReply(procedure, sentAt, identifier, responder, homeAgents, r.ReadInt32());
        });
    }

    static void Transport(BinaryWriter w, Ipv4Transport? t)
    {
        w.Write(t is not null);
        if (t is not { } v4) return;
        w.Write(v4.CareOf.Value); w.Write(v4.Outer.Value); w.Write(v4.Port);
    }

    static Ipv4Transport? Transport(BinaryReader r) => r.ReadBoolean() ? new Ipv4Transport(new(r.ReadUInt32()), new(r.ReadUInt32()), r.ReadUInt16()) : null;
}
