using Akka.Actor;
using Akka.Configuration;
using DmmActors.Bootstrap;
using DmmActors.Control;

namespace DmmActors.Cluster;

/// <summary>Starts an actor system that joins the dmm cluster with the given roles.</summary>
public static class ClusterNode
{
    public static async Task<ActorSystem> JoinAsync(ClusterNodeSettings settings, TimeSpan timeout, Config? extra = null)
    {
        var system = ActorSystem.Create(ClusterNodeSettings.SystemName,
            settings.ToConfig().WithFallback(extra ?? Config.Empty).WithFallback(DmmSystem.BaseConfig()));
        // Brings in sharding's and the singleton's serializers before any peer's coordinator
        // talks to this node, whether or not it hosts a region yet.
        Akka.Cluster.Sharding.ClusterSharding.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        if (await Task.WhenAny(up.Task, Task.Delay(timeout)) != up.Task)
        {
            await system.Terminate();
            var seeds = string.Join(", ", settings.Seeds.Select(s => $"{s.Host}:{s.Port}"));
            throw new RunFailed($"could not join the cluster through {seeds} within {timeout.TotalSeconds:0} s");
        }
        return system;
    }
}
