using System.Globalization;
using System.Text;
using System.Text.Json;
using DmmActors.Loading;
using DmmActors.Storm;

namespace DmmActors.LoadTests;

/// <summary>
/// Load in model time (issue 24, item 7): one storm per practice and rate, each in a process of
/// its own, over the default topology with every router and anchor serving one message at a
/// time (topology.processing.servers = anchor-servers = 1), each message's service an
/// exponential draw of mean 0.5 ms. A storm's model time follows its plan, its handovers a
/// Poisson process at the phase's rate, so its rate is offered to the anchors in model time: the central LMA of pmipv6
/// takes every registration, the anchors of dmm-anchor-relocation share them. The RA's random
/// delay (RFC 4861 §6.2.6) is set to 0 so that the registration's queueing is not hidden under it.
/// The raw Akka.NET hop rate is measured in the same run, against which the storms' wall-clock
/// rate is given.
/// </summary>
public static class QueueingBenchmark
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    static readonly string[] Practices = ["pmipv6", "dmm-anchor-relocation"];

    public static void Run(int mobileNodes, IReadOnlyList<double> rates, double seconds)
    {
        var raw = ChildProcess.Run("raw-actors", Num(mobileNodes));
        var rows = Practices.SelectMany(p => rates.Select(r => (Practice: p, Rate: r,
            Figures: ChildProcess.Run("queueing-child", p, Num(mobileNodes), Num(r), Num(seconds))))).ToArray();

        var md = new StringBuilder();
        md.AppendLine($"## Queueing in model time: storms at {string.Join(", ", rates.Select(r => r.ToString("N0", Inv)))} handovers/s " +
                      $"({mobileNodes:N0} MNs, 400 access routers, {seconds:0.#} s each, one server per node, exponential service of mean 0.5 ms, Poisson arrivals in model time, " +
                      $"{Environment.ProcessorCount} cores)").AppendLine();
        md.AppendLine("| practice | rate /s | handover mean / p50 / p95 / p99 ms (model) | anchors: busiest second's utilisation | anchor wait p95 / p99 / max ms | " +
                      "anchor mean queue length, highest | access routers: busiest second | wall: handovers/s (ratio to raw hops) |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (practice, rate, f) in rows)
            md.AppendLine($"| {practice} | {rate:N0} | {f["mean_ms"]:0.#} / {f["p50_ms"]:0.#} / {f["p95_ms"]:0.#} / {f["p99_ms"]:0.#} | {f["anchor_peak"]:0.###} | " +
                          $"{f["anchor_wait_p95_ms"]:0.###} / {f["anchor_wait_p99_ms"]:0.###} / {f["anchor_wait_max_ms"]:0.###} | " +
                          $"{f["anchor_queue"]:0.###} | {f["router_peak"]:0.###} | {f["accepted_per_s"]:N0} ({f["accepted_per_s"] / raw["hops_per_s"]:0.0000}) |");
        md.AppendLine().AppendLine($"Raw baseline, same run: {raw["hops_per_s"]:N0} random-hop tells/s among {mobileNodes:N0} trivial actors. " +
                                   "Waits are read from quarter-octave histograms, to the bucket's upper edge; the maximum is exact.");
        BenchmarkReport.Publish(md, "queueing-benchmark.md");
    }

    static string Num(double v) => v.ToString("0.###", Inv);

    /// <summary>One storm in this process: the practice, an inject phase at <paramref name="rate"/>, queues at every router and anchor.</summary>
    public static async Task Child(string practice, int mobileNodes, double rate, double seconds)
    {
        var text = $$"""
            dmm.scenario {
              name = queueing-benchmark, practice = {{practice}}, mobile-nodes = {{mobileNodes}}
              topology.processing { servers = 1, anchor-servers = 1, distribution = exponential }
              neighbour-discovery.max-ra-delay = 0s
            }
            """;
        var scenario = ScenarioLoader.Parse(text, "queueing benchmark", null);
        var plan = new StormPlan([new InjectPhase(rate, TimeSpan.FromSeconds(seconds))], new StormThresholds(null, null, null));
        var (s, recorder, _) = await TemporaryStorm.RunAsync(scenario, plan, "queueing");
        var stormSeconds = recorder.Seconds;
        var anchors = s.Queues.ByKind.Single(k => k.Kind == "Anchor");
        var routers = s.Queues.ByKind.Single(k => k.Kind == "AccessRouter");
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
        {
            ["mean_ms"] = s.HandoverLatencyMs.Mean, ["p50_ms"] = s.HandoverLatencyMs.P50, ["p95_ms"] = s.HandoverLatencyMs.P95, ["p99_ms"] = s.HandoverLatencyMs.P99,
            ["anchor_peak"] = anchors.PeakUtilisation, ["anchor_queue"] = anchors.MaxMeanQueueLength,
            ["anchor_wait_p95_ms"] = anchors.WaitMs.P95, ["anchor_wait_p99_ms"] = anchors.WaitMs.P99, ["anchor_wait_max_ms"] = anchors.WaitMs.Max,
            ["router_peak"] = routers.PeakUtilisation,
            ["accepted_per_s"] = stormSeconds.Sum(x => x.Completed) / (double)Math.Max(1, stormSeconds.Count),
            ["failed"] = s.FailedRegistrations,
        }));
    }
}
