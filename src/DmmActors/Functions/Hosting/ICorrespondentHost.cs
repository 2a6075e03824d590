using Akka.Actor;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>What a correspondent node offers the components it hosts.</summary>
public interface ICorrespondentHost : IMessageRegistry
{
    RunContext Run { get; }
    int Index { get; }
    IActorRef Self { get; }
}

/// <summary>A component a correspondent hosts: it may send a packet on a route of its own instead of to the prefix's anchor.</summary>
public interface ICorrespondentComponent
{
    /// <summary>Whether it sent <paramref name="packet"/> itself (e.g. to a care-of address its binding cache holds, RFC 6275 §9.3.2).</summary>
    bool Sent(DataPacket packet);
}
