using System.Runtime.InteropServices;
using Akka.Actor;
using DmmActors.Bootstrap;
using DmmActors.Cli.CommandLine;
using DmmActors.Cluster;
using DmmActors.Run;

namespace DmmActors.Cli.Commands;

/// <summary>`dmm node`: a long-running cluster member that stays until SIGTERM or Ctrl-C, then leaves.</summary>
public static class NodeCommand
{
    public static async Task<int> ExecuteAsync(Arguments args)
    {
        var settings = ClusterNodeSettings.From(args.Option("--host"), args.Option("--port"), args.Options("--seed"), args.Option("--roles"))
            .WithSignallingTimeout(args.Option("--signalling-timeout"));
        var hostsAnchors = settings.Roles.Contains(EntitySharding.AnchorRole);
        var hostsEntities = EntitySharding.Kinds.Any(k => settings.Roles.Contains(EntitySharding.RoleOf(k)));
        var journal = hostsAnchors ? ClusterJournal.Open(args.Option("--journal") ?? Environment.GetEnvironmentVariable("DMM_JOURNAL"), "a node with the anchor role") : null;
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });

        var fault = settings.FaultInjection ? new NetworkFault() : null;
        ActorSystem? system = null;
        if (fault is not null) _ = Task.Run(() => FaultCommands.ReadAsync(Console.In, fault, () => system));
        while (true)
        {
            system = await ClusterNode.JoinAsync(settings, TimeSpan.FromSeconds(60),
                journal is null ? null : DmmSystem.WithJournalConfig(journal));
            if (hostsEntities) system.ActorOf(RunHost.Props(), RunHost.Name);
            var cluster = Akka.Cluster.Cluster.Get(system);
            var self = cluster.SelfAddress;
            Console.WriteLine($"dmm node: {self} is up (uid {cluster.SelfUniqueAddress.Uid}), roles: {(settings.Roles.Count == 0 ? "none" : string.Join(",", settings.Roles))}");
            await Task.WhenAny(stop.Task, system.WhenTerminated);
            if (!system.WhenTerminated.IsCompleted)
            {
                Console.WriteLine($"dmm node: {self} leaving the cluster");
                await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
                break;
            }
            if (stop.Task.IsCompleted) break;
            // Downed, by the split-brain resolver on a side that lost its majority or by an operator:
            // the old incarnation cannot come back (Akka quarantines its uid), a new one can.
            var waits = fault is { Isolated: true };
            Console.WriteLine($"dmm node: {self} was downed and its actor system stopped; it joins again as a new member" +
                (waits ? " once the partition heals" : ""));
            if (waits) await Task.WhenAny(stop.Task, fault!.Healed);
            if (stop.Task.IsCompleted) break;
        }
        return 0;
    }
}
