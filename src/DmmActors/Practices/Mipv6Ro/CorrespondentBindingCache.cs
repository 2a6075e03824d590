using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mipv6Ro;

/// <summary>
/// A correspondent's part of route optimisation (RFC 6275 §9): it answers HoTI and CoTI with its
/// keygen tokens (§9.4), accepts a BU whose Binding Authorization Data Kbm verifies (§9.5.1),
/// keeps the binding in its binding cache, and sends to a bound node's care-of address with its
/// home address in a type 2 routing header (§9.3.2) rather than to the home prefix's anchor.
/// </summary>
public sealed class CorrespondentBindingCache : ICorrespondentComponent
{
    /// <summary>An entry of the correspondent's binding cache (RFC 6275 §9.1).</summary>
    readonly record struct Binding(int CareOf, ushort Sequence, ModelTime Until);

    readonly RunContext run;
    readonly int index;
    readonly IActorRef self;
    readonly byte[] kcn;
    /// <summary>Each node's entry since its BU arrived, and the one it replaced, for a packet sent before the change.</summary>
    readonly Dictionary<int, AsOf<Binding?>> bindings = new();
    Endpoint Here => Endpoint.Correspondent(index);
    Ipv6Address Address => NodeAddresses.Infrastructure(NodeKind.Correspondent, index);

    public CorrespondentBindingCache(ICorrespondentHost host)
    {
        (run, index, self) = (host.Run, host.Index, host.Self);
        kcn = ReturnRoutabilityKeys.SecretOf(run.Scenario.Seed, index);
        host.Handle<HomeTestInit>((hoti, from) => OnHomeTestInit(hoti, from));
        host.Handle<CareOfTestInit>((coti, _) => OnCareOfTestInit(coti));
        host.Handle<CorrespondentBindingUpdate>((bu, from) => OnBindingUpdate(bu, from));
    }

    /// <summary>§9.4.1: the HoT goes to the home address, which the home prefix's anchor, the node's home agent, intercepts.</summary>
    void OnHomeTestInit(HomeTestInit hoti, IActorRef homeAgent)
    {
        var nonce = ReturnRoutabilityKeys.NonceIndexAt(hoti.ArrivesAt);
        var token = ReturnRoutabilityKeys.KeygenToken(kcn, NodeAddresses.OnPrefix(hoti.HomePrefix, hoti.MnId), nonce, 0);
        var ha = hoti.HomePrefix.PoolAnchor;
        run.Signalling.Send(run.Directory.Anchors[ha], Endpoint.Anchor(ha),
            new HomeTest(hoti.Procedure, run.Channel.Departure(hoti.ArrivesAt, Here), hoti.MnId, hoti.HomePrefix, index, nonce, hoti.Cookie, token), self, Here);
    }

    /// <summary>§9.4.2: the CoT goes straight to the care-of address.</summary>
    void OnCareOfTestInit(CareOfTestInit coti)
    {
        var nonce = ReturnRoutabilityKeys.NonceIndexAt(coti.ArrivesAt);
        var token = ReturnRoutabilityKeys.KeygenToken(kcn, NodeAddresses.CareOf(coti.CareOfRouter, coti.MnId, run.Topology.AccessRouters), nonce, 1);
        run.Signalling.Send(run.Directory.MobileNodes[coti.MnId.Index], Endpoint.MobileNode(coti.MnId, coti.CareOfRouter),
            new CareOfTest(coti.Procedure, run.Channel.Departure(coti.ArrivesAt, Here), coti.MnId, coti.CareOfRouter, index, nonce, coti.Cookie, token), self, Here);
    }

    void OnBindingUpdate(CorrespondentBindingUpdate bu, IActorRef node)
    {
        var arrival = bu.ArrivesAt;
        var careOf = NodeAddresses.CareOf(bu.CareOfRouter, bu.MnId, run.Topology.AccessRouters);
        // §9.5.1: nonce indices it no longer remembers get 136/137 (expired home/care-of nonce index).
        BindingStatus? expired = !ReturnRoutabilityKeys.Remembered(bu.HomeNonceIndex, arrival) ? BindingStatus.ExpiredHomeNonceIndex
            : !ReturnRoutabilityKeys.Remembered(bu.CareOfNonceIndex, arrival) ? BindingStatus.ExpiredCareOfNonceIndex : null;
        var kbm = ReturnRoutabilityKeys.BindingKey(
            ReturnRoutabilityKeys.KeygenToken(kcn, NodeAddresses.OnPrefix(bu.HomePrefix, bu.MnId), bu.HomeNonceIndex, 0),
            ReturnRoutabilityKeys.KeygenToken(kcn, careOf, bu.CareOfNonceIndex, 1));
        if (expired is null && ReturnRoutabilityKeys.Authorize(kbm, careOf, Address, Protocol.Wire.WireCodec.MhType.BindingUpdate,
                bu.SequenceNumber, bu.LifetimeUnits, bu.HomeNonceIndex, bu.CareOfNonceIndex) != bu.Authorizer)
        {
            // §9.5.1: a BU whose authenticator does not verify is silently discarded.
            run.Recorder.Unauthorised();
            return;
        }
        var key = bu.MnId.Index;
        // §9.5.1: sequence numbers are compared modulo 2^16; one not greater than the cache's gets 135.
        var bound = bindings.TryGetValue(key, out var entry) && entry.Value is not null;
        var known = entry.Value.GetValueOrDefault();
        var status = expired ?? (bound && (short)(bu.SequenceNumber - known.Sequence) <= 0
            ? BindingStatus.SequenceNumberOutOfWindow : BindingStatus.Accepted);
        var lifetime = bu.Lifetime < ReturnRoutabilityKeys.MaxBindingLifetime ? bu.Lifetime : ReturnRoutabilityKeys.MaxBindingLifetime;
        if (status == BindingStatus.Accepted)
        {
            var binding = new Binding(bu.CareOfRouter, bu.SequenceNumber, arrival + lifetime);
            bindings[key] = bound ? entry.Then(binding, arrival) : AsOf<Binding?>.From(null, binding, arrival);
        }
        var units = Protocol.Lifetime.ToUnits(lifetime);
        var sequence = status == BindingStatus.Accepted || !bound ? bu.SequenceNumber : known.Sequence;
        var authorizer = ReturnRoutabilityKeys.Authorize(kbm, careOf, Address, Protocol.Wire.WireCodec.MhType.BindingAcknowledgement,
            sequence, units, (ushort)status, 0);
        run.Signalling.Send(node, Endpoint.MobileNode(bu.MnId, bu.CareOfRouter), new CorrespondentBindingAcknowledgement(bu.Procedure,
            run.Channel.Departure(arrival, Here), status, bu.MnId, bu.HomePrefix, bu.CareOfRouter, index, sequence, units, authorizer), self, Here);
    }

    /// <summary>§9.3.2: sent to the care-of address the cache held when the packet left (model time), if it held one; through the home agent otherwise.</summary>
    public bool Sent(DataPacket packet)
    {
        if (!bindings.TryGetValue(packet.Destination.Index, out var entry) || entry.At(packet.SentAt) is not { } binding || binding.Until <= packet.SentAt)
            return false;
        var careOf = Endpoint.AccessRouter(binding.CareOf);
        var routed = run.Channel.Carry(packet with { RoutedToCareOf = binding.CareOf }, Here, careOf);
        run.Signalling.Capture?.Data(routed, Here, careOf, tunnelled: false);
        run.Directory.AccessRouters[binding.CareOf].Tell(routed);
        return true;
    }
}
