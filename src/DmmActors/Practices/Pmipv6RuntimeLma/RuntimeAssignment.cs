using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Protocol;

namespace DmmActors.Practices.Pmipv6RuntimeLma;

/// <summary>
/// RFC 6463 at an LMA, in its proxy-MAG mode (§5.3.2). As the LMA first contacted (rfLMA) it
/// takes a new session's PBU that offers Redirect-Capability, picks the LMA to serve the node
/// (r2LMA), keeps only a proxy state and relays the PBU there from its own address, the MAG's
/// Proxy-CoA in the Alternate Care-of Address option; the r2LMA's PBA comes back to it and it
/// answers the MAG with the Redirect option naming the r2LMA. A relayed PBU the r2LMA refuses
/// sends it to the next candidate, and after the last the MAG gets the refusal. Where it picks
/// itself it serves the node as any LMA does (§5.3). As an r2LMA it puts its sessions in use in
/// the Load Information option of each PBA to a relayed PBU (§4.3): all an rfLMA knows of the
/// others' load is what those options said, plus the relays of its own still unanswered.
/// </summary>
public sealed class RuntimeAssignment : IAnchorComponent
{
    /// <summary>The proxy state of a relayed PBU (§5.3.2): the MAG's PBU, the MAG, and the LMAs tried so far, the last one awaited.</summary>
    sealed record Relay(ProxyBindingUpdate Pbu, IActorRef Mag, HashSet<int> Tried, int Target);

    readonly IAnchorHost host;
    readonly RunContext run;
    readonly int index;
    readonly RuntimeLmaSettings settings;
    readonly Endpoint here;
    /// <summary>By LMA: sessions in use as its last Load Information option said, and relays to it not yet answered.</summary>
    readonly int[] heard, unanswered;
    /// <summary>By node and procedure: a PBU the MAG sends again (a new sequence number, RFC 5213 §6.9.4) goes where the first went.</summary>
    readonly Dictionary<(int Mn, int Procedure), Relay> relays = new();

    public RuntimeAssignment(IAnchorHost host, RuntimeLmaSettings settings)
    {
        (this.host, this.settings) = (host, settings);
        (run, index) = (host.Run, host.Index);
        here = Endpoint.Anchor(index);
        heard = new int[run.Topology.Anchors];
        unanswered = new int[run.Topology.Anchors];
        host.Handle<ProxyBindingAcknowledgement>((pba, _) => OnRelayAnswered(pba));
    }

    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;

    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;

    /// <summary>A new session's PBU from a MAG that takes a redirect: relayed, unless this LMA is the one to serve it.</summary>
    public bool Redirected(Prefix64 prefix, object message, IActorRef sender)
    {
        if (message is not ProxyBindingUpdate { RedirectCapability: true, RelayedBy: < 0, IsDeregistration: false } pbu) return false;
        var at = run.Channel.Departure(pbu.ArrivesAt, here);
        if (relays.TryGetValue((pbu.MnId.Index, pbu.Procedure.Number), out var pending) && pending.Pbu.ProxyCareOf == pbu.ProxyCareOf)
        {
            Send(pending with { Pbu = pbu }, at, again: true);
            return true;
        }
        var target = Choose(pbu.ProxyCareOf, tried: null);
        if (target == index) return false;
        Send(new Relay(pbu, sender, [index, target], target), at);
        return true;
    }

    void Send(Relay relay, ModelTime at, bool again = false)
    {
        relays[(relay.Pbu.MnId.Index, relay.Pbu.Procedure.Number)] = relay;
        if (!again) unanswered[relay.Target]++;
        // §5.3.2: every option but the security ones is copied; the r2LMA picks the prefix from its own pool.
        var relayed = relay.Pbu with { SentAt = at, HomeNetworkPrefix = Prefix64.None, RelayedBy = index };
        run.Signalling.Send(run.Directory.Anchors[relay.Target], Endpoint.Anchor(relay.Target), relayed, host.Self, here);
    }

    void OnRelayAnswered(ProxyBindingAcknowledgement pba)
    {
        if (!run.Signalling.Authentic(pba, Endpoint.Anchor(pba.Lma), here)) return;
        // The answer to the latest PBU relayed for the procedure, from the LMA it went to; an earlier one's is stale.
        var key = (pba.MnId.Index, pba.Procedure.Number);
        if (!relays.TryGetValue(key, out var relay) || relay.Target != pba.Lma || relay.Pbu.SequenceNumber != pba.SequenceNumber) return;
        relays.Remove(key);
        unanswered[pba.Lma]--;
        if (pba.Load >= 0) heard[pba.Lma] = pba.Load;
        var at = run.Channel.Departure(pba.ArrivesAt, here);
        var mag = Endpoint.AccessRouter(relay.Pbu.ProxyCareOf);
        if (pba.Status == BindingStatus.Accepted)
        {
            // §5.1, §5.3: from the rfLMA's address, with the r2LMA in the Redirect option; the options copied.
            run.Signalling.Send(relay.Mag, mag, pba with { SentAt = at, Lma = index, Redirect = pba.Lma, Load = -1 }, host.Self, here);
            return;
        }
        // §5.3.2: the rfLMA SHOULD assign the MAG to another r2LMA and run again; after the last, the MAG gets the last status.
        run.Recorder.Counters.Add(Counter.RuntimeAssignmentsRefused);
        var next = Choose(relay.Pbu.ProxyCareOf, relay.Tried);
        if (next >= 0)
        {
            relay.Tried.Add(next);
            Send(relay with { Target = next }, at);
            return;
        }
        run.Signalling.Send(relay.Mag, mag, pba with { SentAt = at, Lma = index, Load = -1 }, host.Self, here);
    }

    /// <summary>RFC 6463 §4.3: an r2LMA's sessions in use, in its answer to the rfLMA, with the one this PBA grants.</summary>
    public ProxyBindingAcknowledgement Acknowledging(ProxyBindingUpdate pbu, BindingDecision decision, ProxyBindingAcknowledgement pba) =>
        pbu.RelayedBy < 0 ? pba : pba with { Load = SessionsInUse + (decision.Event is BindingRegistered && !Bound(decision.Prefix) ? 1 : 0) };

    int SessionsInUse => host.Cache.ActiveBindings;

    bool Bound(Prefix64 prefix) => host.Cache.TryGet(prefix, out var entry) && entry.State == BindingState.Active;

    /// <summary>The LMA to serve a node at <paramref name="mag"/>, of those not <paramref name="tried"/>; -1 where none is left.</summary>
    int Choose(int mag, HashSet<int>? tried)
    {
        var best = -1;
        for (int lma = 0; lma < heard.Length; lma++)
        {
            if (tried?.Contains(lma) == true) continue;
            if (best < 0 || Better(lma, best, mag)) best = lma;
        }
        return best;
    }

    bool Better(int candidate, int incumbent, int mag)
    {
        var nearer = run.Topology.CompareNearness(candidate, incumbent, mag);
        if (settings.Assignment == LmaAssignment.Distance) return nearer < 0;
        var (load, other) = (LoadOf(candidate), LoadOf(incumbent));
        return load < other || (load == other && nearer < 0);
    }

    /// <summary>This LMA's own load is known; another's is as last heard, with what was sent it since.</summary>
    int LoadOf(int lma) => lma == index ? SessionsInUse + unanswered[lma] : heard[lma] + unanswered[lma];
}
