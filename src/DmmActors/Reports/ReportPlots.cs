using DmmActors.Protocol;
using ScottPlot;

namespace DmmActors.Reports;

/// <summary>The run's distributions as PNG plots, beside summary.md, which shows them.</summary>
public static class ReportPlots
{
    public const string Latency = "handover-latency.png";
    public const string Stretch = "path-stretch.png";
    public const string Anchors = "bindings-per-anchor.png";
    public const string DataPlane = "data-plane-per-anchor.png";

    const int Width = 800, Height = 450, MaxPoints = 2000;

    public static IReadOnlyList<string> Write(RunSummary s, string outDir)
    {
        var latency = new Plot();
        AddCdf(latency, s.Procedures.Where(p => p.Kind == ProcedureKind.Handover).Select(p => p.Latency.Milliseconds), "handover");
        AddCdf(latency, s.Procedures.Where(p => p.Kind == ProcedureKind.Attach).Select(p => p.Latency.Milliseconds), "attach");
        latency.Title($"{s.Practice}: latency until the node has a usable address (model time)");
        latency.XLabel("latency (ms, model time)");
        latency.YLabel("fraction of procedures");
        latency.ShowLegend(Alignment.LowerRight);

        var stretch = new Plot();
        AddCdf(stretch, s.PathStretches, "probe packets");
        stretch.Title($"{s.Practice}: path stretch, correspondent to mobile node");
        stretch.XLabel("delay of the path used / delay of the shortest path");
        stretch.YLabel("fraction of packets");

        var anchors = new Plot();
        var bars = anchors.Add.Bars(s.Anchors.Select(a => (double)a.Bindings).ToArray());
        bars.Color = Colors.SteelBlue;
        anchors.Axes.Bottom.SetTicks(Enumerable.Range(0, s.Anchors.Count).Select(i => (double)i).ToArray(),
            s.Anchors.Select(a => a.Id).ToArray());
        anchors.Axes.Margins(bottom: 0);
        anchors.Title($"{s.Practice}: active bindings per anchor at the end of the run");
        anchors.YLabel("bindings");

        return
        [
            Save(latency, Path.Combine(outDir, Latency)),
            Save(stretch, Path.Combine(outDir, Stretch)),
            Save(anchors, Path.Combine(outDir, Anchors)),
            Save(DataPlanePlot(s), Path.Combine(outDir, DataPlane)),
        ];
    }

    /// <summary>The bytes each anchor sent on, downlink and uplink side by side.</summary>
    static Plot DataPlanePlot(RunSummary s)
    {
        var plot = new Plot();
        void Side(Func<AnchorData, double> bytes, double offset, Color color, string label)
        {
            var bars = plot.Add.Bars(s.DataPlane.Select((a, i) => i + offset).ToArray(), s.DataPlane.Select(bytes).ToArray());
            foreach (var bar in bars.Bars) (bar.Size, bar.FillColor) = (0.38, color);
            bars.LegendText = label;
        }
        Side(a => a.Downlink.Bytes, -0.2, Colors.SteelBlue, "downlink");
        Side(a => a.Uplink.Bytes, 0.2, Colors.DarkOrange, "uplink");
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, s.DataPlane.Count).Select(i => (double)i).ToArray(), s.DataPlane.Select(a => a.Id).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title($"{s.Practice}: data bytes each anchor sent on, tunnel headers included");
        plot.YLabel("bytes");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>An empirical CDF, thinned to at most MaxPoints quantiles.</summary>
    static void AddCdf(Plot plot, IEnumerable<double> values, string label)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return;
        var points = Math.Min(MaxPoints, sorted.Length);
        var xs = new double[points];
        var ys = new double[points];
        for (int i = 0; i < points; i++)
        {
            var rank = (int)((long)(i + 1) * sorted.Length / points) - 1;
            xs[i] = sorted[rank];
            ys[i] = (rank + 1) / (double)sorted.Length;
        }
        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = label;
        line.LineWidth = 2;
    }

    public static string Save(Plot plot, string path)
    {
        var temp = path + ".tmp.png";
        plot.SavePng(temp, Width, Height);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
