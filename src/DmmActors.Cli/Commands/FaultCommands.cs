using Akka.Actor;
using DmmActors.Cluster;

namespace DmmActors.Cli.Commands;

/// <summary>
/// What a `dmm node` started with fault injection on takes on its standard input: `isolate` cuts
/// it off from every other member, `heal` mends the cut. A test or an operator drives a partition
/// through it without touching the host's network.
/// </summary>
static class FaultCommands
{
    public static async Task ReadAsync(TextReader input, NetworkFault fault, Func<ActorSystem?> current)
    {
        while (await input.ReadLineAsync() is { } line)
        {
            try
            {
                switch (line.Trim())
                {
                    case "": break;
                    case "isolate" when current() is { } system:
                        var count = await fault.IsolateAsync(system);
                        Console.WriteLine($"dmm node: {Akka.Cluster.Cluster.Get(system).SelfAddress} cut off from {count} members: " +
                            string.Join(", ", fault.Cut));
                        break;
                    case "heal":
                        await fault.HealAsync(current());
                        Console.WriteLine("dmm node: the partition is healed");
                        break;
                    default:
                        Console.Error.WriteLine($"dmm node: '{line.Trim()}' is not a fault command (isolate, heal)");
                        break;
                }
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"dmm node: {line.Trim()}: {e.Message}");
            }
        }
    }
}
