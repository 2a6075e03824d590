using System.Globalization;
using System.Text;
using DmmActors.Metrics;
using DmmActors.Reports;
using HdrHistogram;
using ScottPlot;

namespace DmmActors.Storm;

/// <summary>A storm's outcome: the model-time run summary, the wall-clock measurements, and the thresholds checked.</summary>
public sealed record StormResult(RunSummary Run, StormPlan Plan, StormRecorder Recorder, IReadOnlyList<string> FailedThresholds)
{
    public long LostBindings => Run.LostBindings;

    public static StormResult Check(RunSummary run, StormPlan plan, StormRecorder recorder)
    {
        var failed = new List<string>();
        var t = plan.Thresholds;
        var p99 = recorder.Histogram(StormStep.Handover).GetValueAtPercentile(99) / 1000.0;
        if (t.HandoverP99 is { } limit && p99 > limit.TotalMilliseconds)
            failed.Add($"handover p99 {p99:0.#} ms (wall clock) is above {limit.TotalMilliseconds:0.#} ms");
        var lost = run.LostBindings;
        if (t.LostBindings is { } maxLost && lost > maxLost)
            failed.Add($"{lost:N0} nodes end without exactly one active binding (allowed: {maxLost:N0})");
        if (t.FailedRegistrations is { } maxFailed && run.FailedRegistrations > maxFailed)
            failed.Add($"{run.FailedRegistrations:N0} registrations failed (allowed: {maxFailed:N0})");
        return new StormResult(run, plan, recorder, failed);
    }
}

/// <summary>report.md, report.csv and a self-contained report.html with its plots inlined.</summary>
public static class StormReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    static readonly double[] Percentiles = [50, 75, 95, 99];
    const string LatencyPlot = "storm-latency.png", ThroughputPlot = "storm-throughput.png", InFlightPlot = "storm-in-flight.png";

    public static IReadOnlyList<string> Write(StormResult r, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var plots = Plots(r, outDir);
        var md = Markdown(r, plots.Select(Path.GetFileName).ToArray()!);
        return
        [
            ReportWriter.WriteAtomically(Path.Combine(outDir, "report.md"), md),
            ReportWriter.WriteAtomically(Path.Combine(outDir, "report.csv"), Csv(r)),
            ReportWriter.WriteAtomically(Path.Combine(outDir, "report.html"), Html(r, plots)),
            .. plots,
        ];
    }

    static string Ms(long micros) => (micros / 1000.0).ToString("0.###", Inv);

    public static IEnumerable<(string Step, long Count, string[] Values)> LatencyRows(StormRecorder recorder) =>
        Enum.GetValues<StormStep>().Select(step =>
        {
            var h = recorder.Histogram(step);
            var values = h.TotalCount == 0
                ? Enumerable.Repeat("-", Percentiles.Length + 1).ToArray()
                : Percentiles.Select(p => Ms(h.GetValueAtPercentile(p))).Append(Ms(h.GetMaxValue())).ToArray();
            return (StepName(step), h.TotalCount, values);
        });

    static string StepName(StormStep step) => step switch
    {
        StormStep.Attach => "attach (to usable address)",
        StormStep.Handover => "handover (scheduled start to usable address)",
        StormStep.Acknowledgement => "registration acknowledged (PBU/BU to PBA/BA, journal write included)",
        _ => "data path restored (scheduled start to first packet)",
    };

    static string Markdown(StormResult r, IReadOnlyList<string> plots)
    {
        var s = r.Run;
        var md = new StringBuilder();
        md.AppendLine($"# Handover storm `{s.RunId}`").AppendLine();
        md.AppendLine($"Scenario **{s.Scenario}**, practice **{s.Practice}**: {s.MobileNodes:N0} mobile nodes, {s.AccessRouters:N0} access routers, " +
                      $"{s.Anchors.Count} anchors, journal `{s.Journal}` (acknowledgements only once durable).").AppendLine();
        md.AppendLine("## Load").AppendLine();
        md.AppendLine("| phase | load |").AppendLine("|---|---|");
        for (int i = 0; i < r.Plan.Phases.Count; i++) md.AppendLine($"| {i + 1} | {r.Plan.Phases[i].Describe(s.MobileNodes)} |");
        var seconds = r.Recorder.Seconds;
        var completed = seconds.Sum(x => x.Completed);
        md.AppendLine().AppendLine($"{seconds.Sum(x => x.Triggered):N0} handovers triggered, {completed:N0} completed in {seconds.Count} s; " +
                                   $"peak {seconds.Select(x => x.Completed).DefaultIfEmpty().Max():N0} completed in one second, " +
                                   $"peak {seconds.Select(x => x.InFlight).DefaultIfEmpty().Max():N0} in flight, " +
                                   $"peak backlog {seconds.Select(x => x.Backlog).DefaultIfEmpty().Max():N0}.").AppendLine();
        if (CarryOnLine(r) is { } carried) md.AppendLine(carried).AppendLine();
        OverloadMarkdown(md, r);
        md.AppendLine("## Wall-clock latency (HdrHistogram, from each procedure's scheduled start)").AppendLine();
        md.AppendLine("| step | count | p50 ms | p75 ms | p95 ms | p99 ms | max ms |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (step, count, values) in LatencyRows(r.Recorder)) md.AppendLine($"| {step} | {count:N0} | {string.Join(" | ", values)} |");
        md.AppendLine().AppendLine("## Model-time latency (the emulated network)").AppendLine();
        md.AppendLine("| procedure | p50 ms | p95 ms | p99 ms | max ms |").AppendLine("|---|---|---|---|---|");
        md.AppendLine($"| handover | {s.HandoverLatencyMs.P50:0.###} | {s.HandoverLatencyMs.P95:0.###} | {s.HandoverLatencyMs.P99:0.###} | {s.HandoverLatencyMs.Max:0.###} |");
        md.AppendLine($"| attach | {s.AttachLatencyMs.P50:0.###} | {s.AttachLatencyMs.P95:0.###} | {s.AttachLatencyMs.P99:0.###} | {s.AttachLatencyMs.Max:0.###} |");
        md.AppendLine().AppendLine("## Outcome").AppendLine();
        md.AppendLine("| check | value |").AppendLine("|---|---|");
        md.AppendLine($"| handovers (model) | {s.Handovers:N0} |");
        md.AppendLine($"| signalling messages per handover | {s.SignallingPerHandoverTotal:0.###} |");
        md.AppendLine($"| lost bindings (nodes without the active bindings their practice gives them: one, or one per prefix kept) | {r.LostBindings:N0} |");
        md.AppendLine($"| failed registrations | {s.FailedRegistrations:N0} |");
        md.AppendLine($"| probe packets lost | {s.PacketsLost:N0} |");
        md.AppendLine($"| bindings checksum | {s.BindingsChecksum} |");
        md.AppendLine($"| thresholds | {(r.FailedThresholds.Count == 0 ? "all met" : "FAILED: " + string.Join("; ", r.FailedThresholds))} |");
        md.AppendLine();
        ReportWriter.DataPlaneMarkdown(md, s);
        md.AppendLine();
        foreach (var plot in plots) md.AppendLine($"![{Path.GetFileNameWithoutExtension(plot)}]({Path.GetFileName(plot)})").AppendLine();
        return md.ToString();
    }

    /// <summary>
    /// What the anchors' overload control did (dmm.scenario.overload): the load offered and
    /// taken, the registrations shed with 130 and sent again after backing off, second by
    /// second, with the memory high-water and the bindings lost.
    /// </summary>
    static void OverloadMarkdown(StringBuilder md, StormResult r)
    {
        md.AppendLine("## Overload").AppendLine();
        md.AppendLine("| figure | value |").AppendLine("|---|---|");
        foreach (var (figure, value) in OverloadRows(r)) md.AppendLine($"| {figure} | {value} |");
        md.AppendLine();
        if (r.Run.RegistrationsShed == 0) return;
        md.AppendLine("Load shed over time:").AppendLine();
        md.AppendLine("| second | phase | triggered | completed | shed (130) | sent again | resident MiB |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var x in r.Recorder.Seconds)
            md.AppendLine($"| {x.Second} | {x.Phase} | {x.Triggered:N0} | {x.Completed:N0} | {x.Shed:N0} | {x.BackedOff:N0} | {x.ResidentBytes / (1024.0 * 1024):N0} |");
        md.AppendLine();
    }

    /// <summary>The overload figures, for report.md and the console.</summary>
    static IEnumerable<(string Figure, string Value)> OverloadRows(StormResult r)
    {
        var s = r.Run;
        var seconds = r.Recorder.Seconds;
        var loaded = seconds.Where(x => x.Triggered > 0).ToArray();
        yield return ("offered (handovers triggered per second while the phases ran, mean / peak)",
            $"{(loaded.Length == 0 ? 0 : loaded.Average(x => x.Triggered)):N0} / {seconds.Select(x => x.Triggered).DefaultIfEmpty().Max():N0}");
        yield return ("accepted (handovers completed per second, mean over the storm / peak)",
            $"{(seconds.Count == 0 ? 0 : seconds.Average(x => x.Completed)):N0} / {seconds.Select(x => x.Completed).DefaultIfEmpty().Max():N0}");
        yield return ("registrations refused with 130 (shed) / sent again after backing off", $"{s.RegistrationsShed:N0} / {s.RegistrationsBackedOff:N0}");
        yield return ("handovers delayed by a back-off / failed registrations", $"{s.ProceduresDelayedByBackoff:N0} / {s.FailedRegistrations:N0}");
        yield return ("resident memory high-water during the storm (this process, sampled every second)",
            $"{seconds.Select(x => x.ResidentBytes).DefaultIfEmpty().Max() / (1024.0 * 1024):N0} MiB");
        yield return ($"events awaiting the journal at one anchor, most (new registrations refused past {Limit(s.OverloadHighWater)})",
            s.AwaitingJournalHighWater.ToString("N0", Inv));
        yield return ("anchor mailboxes: unbounded, monitored; deepest seen", $"{s.AnchorMailboxHighWater:N0} messages");
        if (s.JournalOutage.Any) yield return (JournalOutageSummary.Figure, s.JournalOutage.Describe());
        yield return ("bindings lost", r.LostBindings.ToString("N0", Inv));
    }

    /// <summary>
    /// For a resumed storm, the plan's handovers against those done before the stop, those the
    /// stop cut short, and those after it; null for a storm run from its start.
    /// </summary>
    public static string? CarryOnLine(StormResult r)
    {
        if (r.Recorder.CarryOn is not { } c) return null;
        var planned = r.Plan.ScheduledHandovers(r.Run.MobileNodes);
        var where = c.Phase < r.Plan.Phases.Count ? $"phase {c.Phase + 1} entered {c.Into.TotalSeconds:0.###} s in" : "no phase left";
        var plannedText = r.Plan.HasClosedPhase ? $"{planned:N0} handovers planned by its open-model phases (a constant phase's are not)" : $"{planned:N0} handovers planned";
        return $"Carried on from the journal ({where}): {plannedText}, {c.HandoversBefore:N0} done before the stop, " +
               $"{c.MovesCutShort:N0} cut short by it and made again, {r.Run.Handovers - c.HandoversBefore:N0} after it (those included); " +
               $"{r.Run.Handovers:N0} in all.";
    }

    public static IEnumerable<string> OverloadLines(StormResult r) => OverloadRows(r).Select(row => $"overload: {row.Figure}: {row.Value}");

    static string Limit(long value) => value == 0 ? "off" : value.ToString("N0", Inv);

    /// <summary>One row per second of the storm.</summary>
    static string Csv(StormResult r)
    {
        var csv = new StringBuilder("second,phase,triggered,completed,in_flight,backlog,shed,backed_off,resident_bytes\n");
        foreach (var x in r.Recorder.Seconds)
            csv.Append(x.Second).Append(",\"").Append(x.Phase.Replace("\"", "'")).Append("\",").Append(x.Triggered).Append(',')
               .Append(x.Completed).Append(',').Append(x.InFlight).Append(',').Append(x.Backlog).Append(',').Append(x.Shed).Append(',')
               .Append(x.BackedOff).Append(',').Append(x.ResidentBytes).Append('\n');
        csv.Append('\n').Append("step,count,p50_ms,p75_ms,p95_ms,p99_ms,max_ms\n");
        foreach (var (step, count, values) in LatencyRows(r.Recorder))
            csv.Append('"').Append(step).Append("\",").Append(count).Append(',').Append(string.Join(",", values)).Append('\n');
        return csv.ToString();
    }

    static IReadOnlyList<string> Plots(StormResult r, string outDir)
    {
        var latency = new Plot();
        var steps = Enum.GetValues<StormStep>();
        var labels = Percentiles.Select(p => $"p{p:0}").Append("max").ToArray();
        for (int i = 0; i < steps.Length; i++)
        {
            var h = r.Recorder.Histogram(steps[i]);
            if (h.TotalCount == 0) continue;
            var ys = Percentiles.Select(p => h.GetValueAtPercentile(p) / 1000.0).Append(h.GetMaxValue() / 1000.0).ToArray();
            var line = latency.Add.ScatterLine(Enumerable.Range(0, ys.Length).Select(x => (double)x).ToArray(), ys);
            line.LegendText = steps[i].ToString();
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }
        latency.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(x => (double)x).ToArray(), labels);
        latency.Title("storm: wall-clock latency percentiles by step");
        latency.YLabel("ms (wall clock)");
        latency.ShowLegend(Alignment.UpperLeft);

        var seconds = r.Recorder.Seconds;
        var throughput = OverTime(seconds, "storm: handovers per second, and registrations shed",
            ("triggered (scheduled) per s", x => x.Triggered), ("completed per s", x => x.Completed),
            ("shed with 130 per s", x => x.Shed), ("sent again after back-off per s", x => x.BackedOff));
        var inFlight = OverTime(seconds, "storm: handovers in flight",
            ("in flight", x => x.InFlight), ("backlog (due, no idle node)", x => x.Backlog));

        return
        [
            ReportPlots.Save(latency, Path.Combine(outDir, LatencyPlot)),
            ReportPlots.Save(throughput, Path.Combine(outDir, ThroughputPlot)),
            ReportPlots.Save(inFlight, Path.Combine(outDir, InFlightPlot)),
        ];
    }

    static Plot OverTime(IReadOnlyList<StormSecond> seconds, string title, params (string Label, Func<StormSecond, long> Value)[] series)
    {
        var plot = new Plot();
        var xs = seconds.Select(x => (double)x.Second).ToArray();
        foreach (var (label, value) in series)
            plot.Add.ScatterLine(xs, seconds.Select(x => (double)value(x)).ToArray()).LegendText = label;
        plot.Title(title);
        plot.XLabel("second of the storm");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>report.md's content as HTML, with the plots inlined so the file stands alone.</summary>
    static string Html(StormResult r, IReadOnlyList<string> plots)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>DmmActors storm ")
            .Append(Escape(r.Run.RunId)).Append("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:auto}" +
                "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .6em;text-align:right}" +
                "td:first-child,th:first-child{text-align:left}</style></head><body>\n");
        var inTable = false;
        foreach (var line in Markdown(r, []).Split('\n'))
        {
            if (line.StartsWith("|"))
            {
                if (line.StartsWith("|---")) continue;
                var cells = line.Trim('|').Split('|').Select(c => Escape(c.Trim())).ToArray();
                html.Append(inTable ? "<tr>" : "<table><tr>");
                foreach (var c in cells) html.Append(inTable ? "<td>" : "<th>").Append(c).Append(inTable ? "</td>" : "</th>");
                html.Append("</tr>\n");
                inTable = true;
                continue;
            }
            if (inTable) { html.Append("</table>\n"); inTable = false; }
            if (line.StartsWith("# ")) html.Append("<h1>").Append(Escape(line[2..])).Append("</h1>\n");
            else if (line.StartsWith("## ")) html.Append("<h2>").Append(Escape(line[3..])).Append("</h2>\n");
            else if (line.Trim().Length > 0) html.Append("<p>").Append(Escape(line).Replace("**", "")).Append("</p>\n");
        }
        if (inTable) html.Append("</table>\n");
        foreach (var plot in plots)
            html.Append("<p><img alt=\"").Append(Escape(Path.GetFileName(plot))).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(File.ReadAllBytes(plot))).Append("\"></p>\n");
        return html.Append("</body></html>\n").ToString();
    }

    static string Escape(string s) => System.Net.WebUtility.HtmlEncode(s);
}
