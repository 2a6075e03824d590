using Akka.Actor;

namespace DmmActors.Functions;

/// <summary>
/// How a component hosted on a node registers the messages it handles (as the Linux stack's
/// inet6_add_protocol), so that a practice's new message needs no method on anyone's interface
/// and no handler on the actor that hosts it.
/// </summary>
public interface IMessageRegistry
{
    /// <summary>Hands every <typeparamref name="T"/> the node receives to <paramref name="handler"/>, with its sender.</summary>
    void Handle<T>(Action<T, IActorRef> handler);
}
