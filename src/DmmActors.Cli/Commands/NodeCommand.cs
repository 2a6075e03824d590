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

        var system = await ClusterNode.JoinAsync(settings, TimeSpan.FromSeconds(60),
            journal is null ? null : DmmSystem.WithJournalConfig(journal));
        if (hostsEntities) system.ActorOf(RunHost.Props(), RunHost.Name);
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        Console.WriteLine($"dmm node: {self} is up, roles: {(settings.Roles.Count == 0 ? "none" : string.Join(",", settings.Roles))}");
        await Task.WhenAny(stop.Task, system.WhenTerminated);
        if (!system.WhenTerminated.IsCompleted)
        {
            Console.WriteLine($"dmm node: {self} leaving the cluster");
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        }
        return 0;
    }
}
