using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;

namespace DmmActors.Functions;

/// <summary>What a mobile node offers the components it hosts.</summary>
public interface IMobileNodeHost : IMessageRegistry
{
    RunContext Run { get; }
    MnIdentifier Id { get; }
    IActorRef Self { get; }

    /// <summary>Where it stands: on its access router's link.</summary>
    Endpoint Here { get; }

    /// <summary>The correspondents of its sessions (RFC 6275 §11.7.2: the node decides with which it optimises routes).</summary>
    IEnumerable<int> Correspondents { get; }

    /// <summary>Whether a session of the node's needs its address kept (draft §4.1: which do only the node knows).</summary>
    bool SessionsNeedContinuity { get; }

    /// <summary>Whether a session that needs its address kept runs on <paramref name="prefix"/>.</summary>
    bool NeedsContinuityOn(Prefix64 prefix);

    /// <summary>
    /// Ends the move's registration where a component finishes it outside a home agent's BA (the
    /// binding updates to correspondents): usable from <paramref name="usableAt"/>, or refused where null.
    /// </summary>
    void Registered(ModelTime? usableAt);

    /// <summary>Lets the node leave its link, once its location client has prepared the move there (IHostLocationClient.BeforeLinkDown).</summary>
    void Depart();

    /// <summary>Where a client that took the new link without soliciting (IHostLocationClient.Arrived) can do nothing there after all: the node solicits from <paramref name="at"/>.</summary>
    void Solicit(ModelTime at);

    /// <summary>
    /// Sends a message to the node itself after a wall-clock delay: a retransmission deadline,
    /// where messages can be lost (RunContext.SignallingTimeout), or the end of a back-off after a 130.
    /// </summary>
    Action<TimeSpan, object>? ScheduleToSelf { get; }
}
