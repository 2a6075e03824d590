using System.CommandLine;

namespace DmmActors.Cli.CommandLine;

/// <summary>The options and the argument the commands take, each made where a command is defined.</summary>
public static class DmmOptions
{
    public const string ScenarioName = "SCENARIO.conf";

    public static Argument<string?> Scenario(string description) =>
        new(ScenarioName) { Arity = ArgumentArity.ZeroOrOne, Description = description };

    public static Option<string?> Value(string name, string helpName, string description) =>
        new(name) { HelpName = helpName, Description = description };

    public static Option<bool> Switch(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>An option given once per value, as --seed A --seed B.</summary>
    public static Option<string[]> Repeated(string name, string helpName, string description) =>
        new(name) { HelpName = helpName, Description = description, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };

    public static Option<string?> Out(string fallback) => Value("--out", "DIR", $"folder for the reports (default ./{fallback})");

    public static Option<bool> MulticastSwitch() => Switch("--multicast", "switches the scenario's multicast listeners and sources on");

    public static Option<bool> AllowInclude() =>
        Switch("--allow-include", "lets the scenario include files outside its own folder");

    public static Option<bool> AllowOversubscribe() =>
        Switch(DmmActors.Loading.MemoryEstimate.OverrideFlag, "starts a run larger than the memory this machine (or its container) gives the process");

    public static Option<string?> Journal(string description) => Value("--journal", "FILE|CONNSTR", description);

    public static Option<string?> Partitions() =>
        Value("--partitions", "N", "journal partitions a new run writes to, 1 to 64 or auto for one per core (default dmm.persistence.partitions, auto)");

    /// <summary>Where a run goes: its journal, or a cluster (RunTarget).</summary>
    public static Option[] Target(string clusterWhat) =>
    [
        Journal("SQLite file (default DIR/journal.db) or PostgreSQL connection string (\"Host=...;Username=...;Database=...\" or postgresql://...)"),
        Value("--cluster", "HOST:PORT", $"a seed of a running cluster: {clusterWhat} (PostgreSQL journal)"),
        Value("--host", "H", "with --cluster: the address this driver binds"),
        Value("--port", "P", "with --cluster: the port this driver binds"),
        Partitions(),
    ];

    /// <summary>--pcap FILE and what shapes the capture (PcapOptions).</summary>
    public static Option[] Pcap() =>
    [
        Value("--pcap", "FILE", "writes the signalling as RFC-format IPv6 packets to a pcapng file Wireshark reads"),
        Value("--pcap-filter", "FILTER", "what to capture, e.g. \"type=pbu,pba node=mn3\""),
        Value("--pcap-data-sample", "F", "share of data packets captured, 0..1 (default 0.01)"),
        Value("--pcap-clock", "model|wall", "frame timestamps: model time (default) or wall-clock time"),
    ];
}
