using DmmActors.Tests.Infrastructure;

namespace DmmActors.Tests.EndToEnd;

/// <summary>`dmm node` processes on loopback ports, one per role set, joined to the first as seed.</summary>
public static class LoopbackCluster
{
    /// <summary>Starts the nodes, waits until each is up, and returns the seed's address and the nodes, seed first.</summary>
    public static (string Seed, IReadOnlyList<DmmProgram.Running> Nodes) Start(string dir, string journal, ICollection<DmmProgram.Running> processes,
        string signallingTimeout, string[] roles, IReadOnlyDictionary<string, string>? environment = null)
    {
        var ports = roles.Select(_ => LoopbackPort.Free()).ToArray();
        var seed = $"127.0.0.1:{ports[0]}";
        var nodes = ports.Select((p, i) => DmmProgram.Start(dir, environment ?? new Dictionary<string, string>(), "node", "--roles", roles[i],
            "--port", p.ToString(), "--seed", seed, "--journal", journal, "--signalling-timeout", signallingTimeout)).ToList();
        foreach (var node in nodes) processes.Add(node);
        for (int i = 0; i < nodes.Count; i++) nodes[i].WaitFor($"127.0.0.1:{ports[i]} is up", TimeSpan.FromSeconds(60));
        return (seed, nodes);
    }
}
