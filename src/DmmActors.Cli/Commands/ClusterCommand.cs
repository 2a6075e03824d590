using DmmActors.Cli.CommandLine;
using Akka.Actor;
using Akka.Cluster;
using DmmActors.Cluster;

namespace DmmActors.Cli.Commands;

/// <summary>`dmm cluster --seed HOST:PORT`: joins briefly, prints every member with its status and roles, and leaves.</summary>
public static class ClusterCommand
{
    public static async Task<int> ExecuteAsync(Arguments args)
    {
        var settings = ClusterNodeSettings.From(args.Option("--host"), args.Option("--port") ?? ClusterNodeSettings.AnyFreePort, args.Options("--seed"), EntitySharding.DriverRole);
        var system = await ClusterNode.JoinAsync(settings, TimeSpan.FromSeconds(30));
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            // Gossip converges within a few heartbeats: wait until every member we know of is Up and
            // none has been added for a second, since the members the seed knows may reach us a gossip round later.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            var (known, stableSince) = (0, DateTime.UtcNow);
            while (DateTime.UtcNow < deadline)
            {
                var members = cluster.State.Members;
                if (members.Count != known) (known, stableSince) = (members.Count, DateTime.UtcNow);
                if (members.All(m => m.Status == MemberStatus.Up) && DateTime.UtcNow - stableSince >= TimeSpan.FromSeconds(1)) break;
                await Task.Delay(200);
            }
            var others = cluster.State.Members.Where(m => m.Address != cluster.SelfAddress).OrderBy(m => m.Address.Port).ToArray();
            Console.WriteLine($"{others.Length} cluster members (seen from {cluster.SelfAddress}, which is not counted):");
            Console.WriteLine($"{"address",-34} {"status",-8} roles");
            foreach (var m in others)
                Console.WriteLine($"{m.Address,-34} {m.Status,-8} {string.Join(",", m.Roles.Order())}");
            return 0;
        }
        finally
        {
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        }
    }
}
