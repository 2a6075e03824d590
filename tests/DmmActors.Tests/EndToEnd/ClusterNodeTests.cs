using DmmActors.Tests.Infrastructure;
using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>Three `dmm node` processes on 127.0.0.1 form one cluster with their roles.</summary>
[Collection("actors")]
public class ClusterNodeTests
{
    [Fact]
    public void Nodes_started_as_separate_processes_join_through_the_seed_with_their_roles()
    {
        var dir = Path.GetTempPath();
        var ports = new[] { LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free() };
        var seed = $"127.0.0.1:{ports[0]}";
        // Anchor nodes need a PostgreSQL journal; ClusterRunTests starts those.
        var roles = new[] { "access", "access,mn", "mn" };
        var nodes = new List<DmmProgram.Running>();
        try
        {
            for (int i = 0; i < 3; i++)
                nodes.Add(DmmProgram.Start(dir, "node", "--roles", roles[i], "--port", ports[i].ToString(), "--seed", seed));
            for (int i = 0; i < 3; i++)
                nodes[i].WaitFor($"127.0.0.1:{ports[i]} is up", TimeSpan.FromSeconds(60));

            var status = DmmProgram.Run(dir, "cluster", "--seed", seed);
            Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
            Assert.Contains("3 cluster members", status.Stdout);
            Assert.Matches($@"127\.0\.0\.1:{ports[0]}\s+Up\s+access\s", status.Stdout);
            Assert.Matches($@"127\.0\.0\.1:{ports[1]}\s+Up\s+access,mn\b", status.Stdout);
            Assert.Matches($@"127\.0\.0\.1:{ports[2]}\s+Up\s+mn\b", status.Stdout);
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    [Theory]
    [InlineData("--roles", "lma", "unknown role 'lma'")]
    [InlineData("--roles", "anchor", "a node with the anchor role needs --journal CONNSTR")]
    [InlineData("--port", "70000", "--port: '70000' is not a port")]
    [InlineData("--signalling-timeout", "soon", "--signalling-timeout 'soon' is not a duration")]
    [InlineData("--signalling-timeout", "0s", "--signalling-timeout 0s is out of range")]
    public void A_bad_node_option_exits_2(string option, string value, string expected)
    {
        var result = DmmProgram.Run(Path.GetTempPath(), "node", option, value, "--seed", "127.0.0.1:1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
    }
}
