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
}

/// <summary>What an access router adds to the RAs it sends beyond its prefix, e.g. HMIPv6's MAP options (RFC 5380 §5).</summary>
public interface IRouterAdvertisementOptions
{
    IReadOnlyList<MapOption> Maps { get; }
}
