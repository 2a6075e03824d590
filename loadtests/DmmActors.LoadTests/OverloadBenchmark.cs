using System.Globalization;
using System.Text;
using System.Text.Json;
using DmmActors.Loading;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Storm;

namespace DmmActors.LoadTests;

/// <summary>
/// A handover storm at ten times what the journal takes (issue 14, part 3). First a storm far
/// above it with the anchors' overload control off measures the handovers per second the
/// SQLite journal sustains; then a storm offers ten times that rate with the control on. Each
/// storm runs in a process of its own; the raw SQLite insert rate is measured in the same run.
/// </summary>
public static class OverloadBenchmark
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Run(int mobileNodes, double factor, double seconds, int highWater, string practice)
    {
        var dir = Directory.CreateTempSubdirectory("dmm-overload-").FullName;
        var raw = RawSqliteInsert.RowsPerSecond(Path.Combine(dir, "raw.db"), 200_000, 120);
        Directory.Delete(dir, recursive: true);
        Console.WriteLine($"raw SQLite inserts: {raw:N0} rows/s");

        // Far above what any journal on this machine takes: what completes is what the journal sustains.
        var probe = ChildProcess.Run("storm-child", Num(mobileNodes), Num(100_000), "1", "0", practice);
        var sustained = probe["accepted_per_s"];
        var offered = factor * sustained;
        var over = ChildProcess.Run("storm-child", Num(mobileNodes), Num(offered), Num(seconds), Num(highWater), practice);

        var md = new StringBuilder();
        md.AppendLine($"## Overload: a storm at {factor:0.#}× what the journal takes ({practice}, {mobileNodes:N0} MNs, SQLite, {Environment.ProcessorCount} cores)").AppendLine();
        md.AppendLine($"| figure | control off, offered ≫ | control on (high-water {highWater:N0}), offered {factor:0.#}× |").AppendLine("|---|---|---|");
        Row(md, "offered, handovers per second (mean while the phase ran)", probe, over, "offered_per_s");
        Row(md, "accepted, handovers completed per second (mean over the storm)", probe, over, "accepted_per_s");
        Row(md, "registrations refused with 130 / sent again after back-off", probe, over, "shed", "backed_off");
        Row(md, "handovers delayed by a back-off / failed registrations", probe, over, "delayed", "failed");
        Row(md, "bindings lost (nodes without their binding at the end)", probe, over, "lost");
        Row(md, "resident memory high-water during the storm, MiB", probe, over, "resident_mib");
        Row(md, "events awaiting the journal at one anchor, most", probe, over, "awaiting");
        Row(md, "deepest anchor mailbox (unbounded, monitored)", probe, over, "mailbox");
        Row(md, "registration acknowledged, wall p50 / p99 ms", probe, over, "ack_p50_ms", "ack_p99_ms");
        Row(md, "storm wall time, s", probe, over, "wall_s");
        md.AppendLine().AppendLine($"Raw baseline, same run: {raw:N0} SQLite inserts/s (one prepared statement, 1,000 rows a transaction). " +
                                   $"Accepted handovers per second against it: {probe["accepted_per_s"] / raw:0.000} with the control off, " +
                                   $"{over["accepted_per_s"] / raw:0.000} with it on; each handover writes two events (registration, de-registration).");
        BenchmarkReport.Publish(md, "overload-benchmark.md");
    }

    static string Num(double v) => v.ToString("0.###", Inv);

    static void Row(StringBuilder md, string figure, Dictionary<string, double> a, Dictionary<string, double> b, params string[] keys) =>
        md.AppendLine($"| {figure} | {string.Join(" / ", keys.Select(k => a[k].ToString("N0", Inv)))} | {string.Join(" / ", keys.Select(k => b[k].ToString("N0", Inv)))} |");

    /// <summary>One storm in this process: the default scenario's topology, an inject phase, the overload control's high-water mark (0: off).</summary>
    public static async Task Child(int mobileNodes, double rate, double seconds, int highWater, string practice)
    {
        var text = $"dmm.scenario {{ name = overload-benchmark, practice = {practice}, mobile-nodes = {mobileNodes}, overload.high-water = {highWater} }}";
        var scenario = ScenarioLoader.Parse(text, "overload benchmark", null);
        var plan = new StormPlan([new InjectPhase(rate, TimeSpan.FromSeconds(seconds))], new StormThresholds(null, null, null));
        var (s, recorder, wall) = await TemporaryStorm.RunAsync(scenario, plan, "overload");
        var result = StormResult.Check(s, plan, recorder);
        var stormSeconds = recorder.Seconds;
        var ack = recorder.Histogram(StormStep.Acknowledgement);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
        {
            ["offered_per_s"] = stormSeconds.Where(x => x.Triggered > 0).Select(x => (double)x.Triggered).DefaultIfEmpty().Average(),
            ["accepted_per_s"] = stormSeconds.Sum(x => x.Completed) / (double)Math.Max(1, stormSeconds.Count),
            ["shed"] = s.RegistrationsShed,
            ["backed_off"] = s.RegistrationsBackedOff,
            ["delayed"] = s.ProceduresDelayedByBackoff,
            ["failed"] = s.FailedRegistrations,
            ["lost"] = result.LostBindings,
            ["resident_mib"] = stormSeconds.Select(x => x.ResidentBytes).DefaultIfEmpty().Max() / (1024.0 * 1024),
            ["awaiting"] = s.AwaitingJournalHighWater,
            ["mailbox"] = s.AnchorMailboxHighWater,
            ["ack_p50_ms"] = ack.GetValueAtPercentile(50) / 1000.0,
            ["ack_p99_ms"] = ack.GetValueAtPercentile(99) / 1000.0,
            ["wall_s"] = wall.TotalSeconds,
        }));
    }
}
