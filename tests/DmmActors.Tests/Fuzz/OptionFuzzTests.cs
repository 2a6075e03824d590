using System.CommandLine;
using DmmActors.Capture;
using DmmActors.Cli.CommandLine;
using DmmActors.Configuration;
using DmmActors.Persistence;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace DmmActors.Tests.Fuzz;

/// <summary>
/// The inputs given on the command line rather than in a file: the command line itself, the
/// --pcap-filter expression and the journal's PostgreSQL connection string. Each is read or
/// refused in one line, never a crash. The connection strings are only parsed: a fuzzed host
/// is never contacted.
/// </summary>
public class OptionFuzzTests
{
    static Gen<string> Soup(string[] tokens, string separator = "") =>
        Gen.Elements(tokens).ArrayOf().Select(t => string.Join(separator, t));

    static readonly string[] FilterTokens =
    [
        "type", "node", "=", ",", " ", "pbu", "pba", "bu", "ba", "data", "gtp-c", "dns", "s1ap", "mn3", "mn", "3", "-1", "99999999999",
        "TYPE", "Node", "==", "x", "\t", "é", "mn٣", "0x10", "type=", "=pbu", "node=mn", ",,",
    ];

    [Fact]
    public void A_pcap_filter_is_read_or_refused_in_one_line() =>
        Check.One(Outcome.Cases(1500), Prop.ForAll(Soup(FilterTokens).ToArbitrary(),
            text => Outcome.SucceedsOrRefuses(() => CaptureFilter.Parse(text), () => text)));

    static readonly string[] ConnectionTokens =
    [
        "Host=", "host=", "Port=", "Username=", "Password=", "Database=", "Timeout=", "Pooling=", "Maximum Pool Size=", "SSL Mode=",
        "127.0.0.1", "localhost", "::1", "[::1]", "5432", "0", "-1", "65536", "99999999999", "abc", "true", "yes", "Require",
        ";", "=", "'", "\"", " ", "%", "%zz", "%41", "@", ":", "/", "?", "&", "#",
        "postgres://", "postgresql://", "user", "pass", "db", "?sslmode=", "Host=127.0.0.1;Port=",
    ];

    [Fact]
    public void A_postgresql_connection_string_is_read_or_refused_in_one_line() =>
        Check.One(Outcome.Cases(1500), Prop.ForAll(Soup(ConnectionTokens).ToArbitrary(), text => Outcome.SucceedsOrRefuses(() =>
        {
            if (JournalTarget.LooksLikePostgreSql(text)) JournalTarget.ParsePostgreSql(text);
        }, () => text)));

    static readonly string[] ArgumentTokens =
    [
        "run", "storm", "compare", "practices", "bindings", "replay", "node", "cluster", "help", "completion",
        "--out", "--journal", "--partitions", "--multicast", "--allow-include", "--allow-oversubscribe", "--pcap", "--pcap-filter",
        "--pcap-data-sample", "--pcap-clock", "--resume", "--run", "--limit", "--roles", "--seed", "--host", "--port", "--cluster",
        "--signalling-timeout", "--help", "-h", "--version", "--", "-", "--out=", "--limit=-3", "--unknown", "-x",
        "a.conf", "dir", "3", "-1", "0", "auto", "65", "latest", "model", "wall", "1.5", "NaN", "anchor,mn", "127.0.0.1:1", "",
        " ", "\"", "é", "--partitions=auto",
    ];

    /// <summary>
    /// The command line as System.CommandLine reads it, with dmm's one-line wording of what it
    /// does not take (what Program.Main throws on); no command is run.
    /// </summary>
    [Fact]
    public void A_command_line_is_taken_or_refused_in_one_line() =>
        Check.One(Outcome.Cases(1500), Prop.ForAll(Gen.Elements(ArgumentTokens).ArrayOf().ToArbitrary(), args => Outcome.SucceedsOrRefuses(() =>
        {
            var result = DmmCommandLine.Build().Parse(args);
            if (ParseProblem.Of(result) is { } problem) throw new InputError(problem);
        }, () => string.Join(" ", args.Select(a => $"'{a}'")))));
}
