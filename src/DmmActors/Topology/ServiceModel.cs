using DmmActors.Addressing;

namespace DmmActors.Topology;

/// <summary>
/// How long nodes take over a message, and whether they make messages wait their turn; how much
/// links jitter. <see cref="Servers"/> and <see cref="AnchorServers"/> are the messages an access
/// router (or correspondent) and an anchor work on at once; 0 gives that kind no queue, each
/// message served as it arrives.
/// </summary>
/// <param name="Horizon">How far back a node's queue keeps its busy time (a storm's, whose model time follows its schedule); null: the whole run.</param>
public sealed record ServiceModel(ModelTime ServiceTime, bool Exponential = false, int Servers = 0, int AnchorServers = 0,
    ModelTime LinkJitter = default, ulong Seed = 0, ModelTime? Horizon = null)
{
    /// <summary>Every node takes <paramref name="serviceTime"/> over each message and none queues.</summary>
    public static ServiceModel Fixed(ModelTime serviceTime) => new(serviceTime);
}
