using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>
/// How a MAG finds the LMA to register an attaching node with, and what its PBU asks: RFC 6097's
/// discovery (by configuration, AAA or DNS) and RFC 6463's offer to be redirected. Without one,
/// the MAG takes the LMA its policy profile names (RFC 5213 §6.2).
/// </summary>
public interface ILmaSelection
{
    /// <summary>Registers with the router the messages the selection waits on.</summary>
    void Register(IAccessRouterHost router) { }

    /// <summary>
    /// The node solicited, the router done with its RS at <paramref name="processedAt"/>: calls
    /// <paramref name="send"/> once the LMA is known, at once or when what it waits on arrives.
    /// </summary>
    void Select(RouterSolicitation rs, ModelTime processedAt, Action<LmaChoice> send);
}

/// <summary>The LMA a registration goes to, when its PBU may leave, and what it asks of that LMA.</summary>
public readonly record struct LmaChoice(int Lma, ModelTime SendAt, Prefix64 HomeNetworkPrefix, HandoffIndicator HandoffIndicator, bool RedirectCapability);
