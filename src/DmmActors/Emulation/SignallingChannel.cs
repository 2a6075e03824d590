using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Emulation;

/// <summary>
/// The way every signalling message of a run goes: the links' delays (<see cref="Links"/>), and
/// on the way what a run attaches to them: counting, the security associations' signatures,
/// the capture, an eavesdropper and a tap.
/// </summary>
public sealed class SignallingChannel(Channel links, RunRecorder recorder)
{
    /// <summary>The links between the nodes: every message's arrival is stamped by them as it is sent.</summary>
    public Channel Links { get; } = links;

    /// <summary>
    /// Signs what a security association protects as it is sent, and checks it where it is
    /// received (dmm.scenario.security.authentication); null where the run leaves it unprotected.
    /// </summary>
    public Security.MessageAuthenticator? Authenticator { get; init; }

    /// <summary>Where the messages sent go on the wire, in their RFC encoding (--pcap); null where nothing is captured.</summary>
    public Capture.SignalCapture? Capture { get; init; }

    /// <summary>An attacker listening on the links, for the attacks that work on captured PBUs (replayed-pbu, tampered-pbu); null where there is none.</summary>
    public Capture.Eavesdropper? Eavesdropper { get; init; }

    /// <summary>Sees every signalling message sent, e.g. to draw a message sequence chart.</summary>
    public Action<IActorRef, IActorRef, ISignal>? SignalTap { get; init; }

    /// <summary>
    /// Whether a protected signal arrived with the authentication its claimed sender's
    /// association gives (true where none is checked); one that did not is counted here.
    /// </summary>
    public bool Authentic(Signal signal, Endpoint claimedFrom, Endpoint at)
    {
        if (Authenticator is null || !Security.MessageAuthenticator.Protects(signal) || Authenticator.Verifies(signal, claimedFrom, at)) return true;
        recorder.Counters.Add(Counter.AuthenticationFailures);
        return false;
    }

    /// <summary>
    /// Counts a signalling message as its receiver takes it in, and whether it crossed from
    /// another cluster member: only a remote sender's reference carries a host in its address.
    /// </summary>
    public void Arrived(object message, IActorRef? sender)
    {
        if (message is not ISignal) return;
        recorder.Counters.Add(Counter.SignallingReceived);
        if (sender is not null && sender.Path.Address.HasGlobalScope) recorder.Counters.Add(Counter.SignallingFromAnotherMember);
    }

    /// <summary>
    /// Sends a signalling message from the node at <paramref name="fromAt"/> to the one at
    /// <paramref name="toAt"/>: the links stamp when it arrives there, and it is counted.
    /// </summary>
    public void Send<T>(IActorRef to, Endpoint toAt, T signal, IActorRef from, Endpoint fromAt) where T : Signal
    {
        Links.Carry(signal, fromAt, toAt);
        if (Authenticator is not null && Security.MessageAuthenticator.Protects(signal))
        {
            // The sender keeps the message it built, carried as before; what goes out is its signed copy, arriving as it does.
            var signed = Authenticator.Sign(signal, fromAt, toAt);
            signed.Stamp(signal.ArrivesAt);
            signal = signed;
        }
        recorder.Signalling.Count(signal);
        if (fromAt.Kind == NodeKind.Anchor) recorder.Counters.Signalled(fromAt.Index);
        if (toAt.Kind == NodeKind.Anchor) recorder.Counters.Signalled(toAt.Index);
        SignalTap?.Invoke(from, to, signal);
        Eavesdropper?.Heard(signal, to, toAt);
        Capture?.Signal(signal, fromAt, toAt, signal.SentAt);
        to.Tell(signal, from);
    }

    /// <summary>
    /// Tunnels on a message that arrived at a tunnel end point <paramref name="relay"/>
    /// (<see cref="Channel.CarryOn"/>): counted once, when it was first sent; the sender it
    /// names is still its origin, whose security association with the receiver protects it.
    /// </summary>
    public void Relay<T>(IActorRef to, Endpoint toAt, T signal, IActorRef origin, IActorRef relay, Endpoint relayAt) where T : Signal
    {
        var departs = signal.ArrivesAt;
        Links.CarryOn(signal, relayAt, toAt);
        // Counted once in all, but the anchor it reaches takes it in: its load (the relay's was counted as the first leg's receiver).
        if (toAt.Kind == NodeKind.Anchor) recorder.Counters.Signalled(toAt.Index);
        SignalTap?.Invoke(relay, to, signal);
        Capture?.Signal(signal, relayAt, toAt, departs);
        to.Tell(signal, origin);
    }
}
