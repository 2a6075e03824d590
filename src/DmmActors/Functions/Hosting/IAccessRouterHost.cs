using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>What an access router offers the components it hosts.</summary>
public interface IAccessRouterHost : IMessageRegistry
{
    Emulation.RunContext Run { get; }
    int Index { get; }
    IActorRef Self { get; }

    /// <summary>Sends a message to the router itself after a wall-clock delay.</summary>
    void ScheduleToSelf(TimeSpan delay, object message);

    /// <summary>Joins <paramref name="group"/> for a node on the link through the router's MLD proxy; nothing where the run has no multicast.</summary>
    void Listen(MnIdentifier mn, int group, ModelTime at, ProcedureRef procedure);

    /// <summary>
    /// A node announced itself on the link at <paramref name="at"/> without soliciting (RFC 5568 §6.3:
    /// its Unsolicited Neighbor Advertisement): the link holds it from then, as after an RS.
    /// </summary>
    void LinkUp(MnIdentifier mn, ProcedureRef procedure, IActorRef node, ModelTime at);

    /// <summary>Puts a packet on the link, to its node if the node is there at the packet's arrival; lost otherwise.</summary>
    void Deliver(DataPacket packet);

    /// <summary>The anchor its location client registered the node with, as its binding update list holds it; -1 where it has none for the node.</summary>
    int AnchorOf(MnIdentifier mn);

    /// <summary>The anchor whose tunnel carries the node's prefix <paramref name="prefix"/> here at <paramref name="at"/>; -1 where the node had none here then.</summary>
    int AnchorOf(MnIdentifier mn, Prefix64 prefix, ModelTime at);
}

/// <summary>
/// A function a practice adds to an access router beside its location client: a fast handover's
/// previous and new access router (RFC 5568 §5, RFC 5949 §5), which forward and hold the packets
/// of a node that has left the link or not yet reached it.
/// </summary>
public interface IAccessRouterComponent
{
    /// <summary>A packet for a node that was not on the link when it arrived; true where the component took it (to forward or hold), false to let it be lost.</summary>
    bool TakeUndelivered(DataPacket packet) => false;

    /// <summary>A packet from a node on the link, before it goes up the node's reverse tunnel; true where the component routed it another way (RFC 6705's local routes).</summary>
    bool TakeUplink(DataPacket packet) => false;

    /// <summary>The node's link came up here at <paramref name="at"/> (model time), in its procedure <paramref name="procedure"/>.</summary>
    void LinkUp(MnIdentifier mn, ProcedureRef procedure, ModelTime at) { }

    /// <summary>The node's link went down here at <paramref name="at"/> (model time), in its procedure <paramref name="procedure"/>.</summary>
    void LinkDown(MnIdentifier mn, ProcedureRef procedure, ModelTime at) { }
}

/// <summary>What an access router adds to the RAs it sends beyond its prefix, e.g. HMIPv6's MAP options (RFC 5380 §5).</summary>
public interface IRouterAdvertisementOptions
{
    IReadOnlyList<MapOption> Maps { get; }
}
