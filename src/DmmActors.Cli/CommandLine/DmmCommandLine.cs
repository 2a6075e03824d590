using System.CommandLine;
using DmmActors.Cli.Commands;
using DmmActors.Cluster;
using static DmmActors.Cli.CommandLine.DmmOptions;

namespace DmmActors.Cli.CommandLine;

/// <summary>
/// Every command of `dmm`, with its options and help text, in one tree (System.CommandLine):
/// help per command (-h, --help), --version, and completions for the shell
/// (<see cref="Completion"/>). A command's action reads its values through <see cref="Arguments"/>.
/// </summary>
public static class DmmCommandLine
{
    public const string Description =
        "dmm: an actor-based emulator of IP mobility management practices (draft-ietf-dmm-deployment-models / RFC 7429). " +
        "Exit codes: 0 success, 1 run failed, 2 bad input.";

    public static RootCommand Build()
    {
        var root = new RootCommand(Description);
        foreach (var command in Commands()) root.Subcommands.Add(command);
        return root;
    }

    static IEnumerable<Command> Commands()
    {
        yield return Define("run",
            "Runs a scenario (HOCON, root dmm.scenario) or the embedded default, in this process or over a cluster (--cluster). " +
            "Writes summary.md, summary.json, handovers.csv and plots to DIR, and persists the anchors' binding caches to the journal.",
            [Scenario("the scenario file (default: the embedded one)"), Out("dmm-out"), MulticastSwitch(), AllowInclude(), AllowOversubscribe(),
             .. Target("this process joins as the driver; anchors, access routers and mobile nodes are sharded over its members"), .. Pcap()],
            RunCommand.ExecuteAsync);
        yield return Define("storm",
            "Attaches the scenario's nodes, then moves them as the storm's load phases say (inject, ramp, constant, burst: the file's " +
            "dmm.storm block or the embedded default), persistence on. Writes report.md, report.csv, report.html and the run's summary " +
            "files to DIR; exits 1 if a threshold fails. With --resume it carries on a run that stopped before its end.",
            [Scenario("the scenario file, with a dmm.storm block (default: the embedded one); with --resume, only its storm is read"),
             Out("dmm-storm"), Value("--resume", "RUN-ID|latest", "carries on this run of --journal, its nodes where the journal left them"),
             MulticastSwitch(), AllowInclude(), AllowOversubscribe(), .. Target("the storm drives the nodes of a running cluster"), .. Pcap()],
            StormCommand.ExecuteAsync);
        yield return Define("compare",
            "Runs the scenario under every practice, and with multicast on in each mode (proxy, mtma, direct), and writes the " +
            "side-by-side tables to DIR: comparison.md, comparison.csv, comparison.json, and each run's summary in a folder of its own.",
            [Scenario("the scenario file (default: the embedded one)"), MulticastSwitch(), AllowInclude(), AllowOversubscribe(), Partitions(), Out("dmm-compare"), .. Pcap()],
            CompareCommand.ExecuteAsync);
        yield return Define("practices", "Lists the practices and where each places the mobility functions.", [],
            args => Task.FromResult(PracticesCommand.Execute(args)));
        yield return Define("bindings",
            "Recovers every anchor of a run (default: the newest) from the journal and prints its binding cache and bindings_checksum.",
            [Journal("the journal: SQLite file or PostgreSQL connection string"), Value("--run", "RUN-ID", "the run (default: the newest)"),
             Value("--limit", "N", "entries printed (default 20; 0 prints all)")],
            BindingsCommand.ExecuteAsync);
        yield return Define("replay",
            "Rebuilds a run (default: the newest) from its journal alone: handovers, latency percentiles and bindings_checksum, as " +
            "summary.json has them, and checks the binding invariants. Writes replay.json and timeline.csv to DIR.",
            [Journal("the journal: SQLite file or PostgreSQL connection string"), Value("--run", "RUN-ID", "the run (default: the newest)"),
             Out("dmm-replay")],
            ReplayCommand.ExecuteAsync);
        yield return Define("node",
            "Starts a cluster node (roles: anchor, access, mn, driver) that stays until SIGTERM or Ctrl-C. Anchor nodes need the shared " +
            "PostgreSQL journal. DMM_HOST, DMM_PORT, DMM_SEEDS, DMM_ROLES, DMM_JOURNAL and DMM_SIGNALLING_TIMEOUT set the same.",
            [Value("--roles", "ROLE[,ROLE]", "the roles this node takes: anchor, access, mn, driver"),
             Value("--host", "H", $"the address this node binds (default {ClusterNodeSettings.DefaultHost})"), Value("--port", "P", "the port this node binds (default any free one)"),
             Repeated("--seed", "HOST:PORT", "a seed node to join through; repeat for several"),
             Journal("the shared PostgreSQL journal (anchor nodes)"),
             Value("--signalling-timeout", "DURATION", $"wall-clock wait before a MAG on this node retransmits an unanswered PBU (default {ClusterNodeSettings.DefaultSignallingTimeoutText})")],
            NodeCommand.ExecuteAsync);
        yield return Define("cluster", "Joins the cluster briefly and lists its members, their status and roles.",
            [Repeated("--seed", "HOST:PORT", "a seed node of the cluster"), Value("--host", "H", "the address to bind"), Value("--port", "P", "the port to bind")],
            ClusterCommand.ExecuteAsync);
        yield return Completion.Command();
    }

    static Command Define(string name, string description, Symbol[] symbols, Func<Arguments, Task<int>> execute)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            if (symbol is Option option) command.Options.Add(option);
            else command.Arguments.Add((Argument)symbol);
        }
        command.SetAction((result, _) => execute(new Arguments(result)));
        return command;
    }
}
