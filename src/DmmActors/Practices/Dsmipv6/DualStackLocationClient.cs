using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Protocol;

namespace DmmActors.Practices.Dsmipv6;

/// <summary>
/// A dual-stack node (RFC 5555 §4) on IPv4-only access networks: its home registration, as
/// mipv6-bt's, travels in UDP over IPv4 from its IPv4 care-of address with the IPv4 Care-of
/// Address option, and asks for an IPv4 home address (0.0.0.0 until one is acknowledged, then
/// that one, §3.1.1). Once the home agent acknowledges one, the node's sessions run on it. Its
/// reverse tunnel is IPv4, or UDP over IPv4 where the home agent's BA for its care-of address
/// carried the NAT Detection option (§4.1). A node of the other nodes registers as mipv6-bt's do.
/// </summary>
public sealed class DualStackLocationClient : IHostLocationClient
{
    readonly RunContext run;
    readonly MnIdentifier id;
    readonly Dsmipv6Settings settings;
    readonly HostLocationClient home;
    /// <summary>The IPv4 home address acknowledged, none before.</summary>
    Ipv4Address? ipv4Home;
    /// <summary>The care-of number the last accepted BA answered, and whether it found a NAT on the way there.</summary>
    (int CareOf, bool Nat)? tunnel;

    public DualStackLocationClient(RunContext run, MnIdentifier id, Action<TimeSpan, object>? scheduleToSelf)
    {
        (this.run, this.id) = (run, id);
        settings = Dsmipv6Settings.Of(run.Scenario);
        home = new HostLocationClient(run, id, scheduleToSelf, extend: settings.IsIpv4Node(id) ? FromIpv4 : null);
    }

    BindingUpdate FromIpv4(BindingUpdate bu) => bu with
    {
        Ipv4HomeAddress = bu.LifetimeUnits > 0 ? ipv4Home ?? Ipv4Address.Unspecified : null,
        Ipv4 = Ipv4AccessNetwork.Leaving(settings, bu.CareOfRouter, id),
    };

    public Prefix64 HomePrefix => home.HomePrefix;
    public bool SessionsOverIpv4 => ipv4Home is not null;
    public int TunnelsToNode => home.TunnelsToNode;
    public RefreshBarrier Refreshes => home.Refreshes;

    public void Register(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self) => home.Register(procedure, at, ra, self);

    public bool Awaits(BindingAcknowledgement ba) => home.Awaits(ba);

    public RegistrationStep OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self)
    {
        var step = home.OnAcknowledgement(ba, sender, self);
        // §3.2.1: a failed acknowledgement, whether the BU was refused (128) or only its address (130), binds no IPv4 home address.
        if (ba.Ipv4HomeAddress is { Accepted: false }) run.Recorder.Counters.Add(Counter.Ipv4HomeAddressesRefused);
        if (ba.Status == BindingStatus.Accepted && ba.Ipv4 is { } v4 && ba.LifetimeUnits > 0) Took(ba, v4);
        return step;
    }

    void Took(BindingAcknowledgement ba, Ipv4Transport v4)
    {
        if (NodeAddresses.TryIpv4CareOfRouter(v4.CareOf, out var router) || NodeAddresses.TryNatPublic(v4.Outer, out router))
            tunnel = (router, ba.NatRefreshTime is not null);
        if (ba.NatRefreshTime is not null && ba.Procedure.Kind != ProcedureKind.Refresh) run.Recorder.Counters.Add(Counter.NatsDetected);
        if (ba.Ipv4HomeAddress is not { Accepted: true } ack) return;
        if (ipv4Home is null) run.Recorder.Counters.Add(Counter.Ipv4HomeAddressesBound);
        ipv4Home = ack.HomeAddress;
    }

    public void Refresh(int procedureNumber, ModelTime until, int router, IActorRef self) => home.Refresh(procedureNumber, until, router, self);

    public void OnDeadline(BindingUpdateListEntry.Deadline deadline, IActorRef self) => home.OnDeadline(deadline, self);

    /// <summary>RFC 5555 §4.1: in UDP where the home agent found a NAT for this care-of address, in IPv4 otherwise; IPv6 in IPv6 from an IPv6 one.</summary>
    public void SendUplink(DataPacket packet, int router)
    {
        if (tunnel is { } t && t.CareOf == router)
        {
            if (t.Nat) DualStackHomeAgent.CountUdp(run.Recorder.Counters);
            packet = packet with { Encapsulation = t.Nat ? Encapsulation.Ipv4Udp : Encapsulation.Ipv4 };
        }
        home.SendUplink(packet, router);
    }

    public void Restore(BindingRegistered binding) => home.Restore(binding);
}
