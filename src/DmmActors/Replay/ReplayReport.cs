using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Reports;

namespace DmmActors.Replay;

/// <summary>replay.json (the model-time results a journal can reproduce, under summary.json's keys) and timeline.csv.</summary>
public static class ReplayReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The keys of summary.json that a replay reproduces exactly; the rest (signalling, paths) never reach the journal.</summary>
    public static readonly IReadOnlyList<string> ReproducedKeys =
        ["run_id", "practice", "mobile_nodes", "attaches", "handovers", "handover_latency_ms", "attach_latency_ms", "anchors", "bindings_checksum", "model_span_s"];

    public static JsonObject Json(ReplayResult r)
    {
        var summary = ReportWriter.Json(r.Summary);
        var json = new JsonObject();
        foreach (var key in ReproducedKeys) json[key] = summary[key]!.DeepClone();
        json["events"] = r.Events.Count;
        // What the anchors made durable, by kind: an acknowledged handover is a handoff here even
        // where the node's fact of it did not reach the journal before a crash.
        var byKind = r.Events.CountBy(e => e.Kind).ToDictionary();
        json["events_by_kind"] = new JsonObject(Bindings.BindingEventKind.All.Select(kind =>
            KeyValuePair.Create(kind, (JsonNode?)JsonValue.Create(byKind.GetValueOrDefault(kind)))));
        json["procedures_recorded"] = r.ProceduresRecorded;
        // Each context move, as the receiving anchor persisted it (RFC 8818 §3.2).
        json["context_moves"] = new JsonArray(r.Events.Where(e => e.Event is BindingContextReceived).OrderBy(e => e.Event.At).Select(e =>
        {
            var c = (BindingContextReceived)e.Event;
            return (JsonNode)new JsonObject
            {
                ["mobile_node"] = c.MnId.Nai, ["prefix"] = c.Prefix.ToString(), ["from_anchor"] = c.FromAnchor, ["to_anchor"] = e.Anchor,
                ["care_of"] = c.CareOf, ["at_ms"] = Math.Round(c.At.Milliseconds, 3), ["sessions"] = c.Sessions,
                ["groups"] = new JsonArray(c.Groups.Select(g => (JsonNode)JsonValue.Create(g)!).ToArray()),
            };
        }).ToArray());
        json["violations"] = new JsonArray(r.Violations.Select(v => (JsonNode)new JsonObject
        {
            ["rule"] = v.Rule,
            ["detail"] = v.Detail,
            ["events"] = new JsonArray(v.Events.Select(e => (JsonNode)JsonValue.Create(e.ToString())!).ToArray()),
        }).ToArray());
        json["live"] = r.Run.Completed is { } done
            ? new JsonObject { ["bindings_checksum"] = done.BindingsChecksum, ["handovers"] = done.Handovers }
            : null;
        json["read_events_per_s"] = Math.Round(r.ReadEventsPerSecond);
        return json;
    }

    public static IReadOnlyList<string> Write(ReplayResult r, string outDir)
    {
        Directory.CreateDirectory(outDir);
        return
        [
            ReportWriter.WriteAtomically(Path.Combine(outDir, "replay.json"),
                Json(r).ToJsonString(new JsonSerializerOptions { WriteIndented = true })),
            ReportWriter.WriteAtomically(Path.Combine(outDir, "timeline.csv"), writer => WriteTimeline(r, writer)),
        ];
    }

    /// <summary>
    /// One row per persisted signalling outcome, in each anchor's order (as <see cref="ReplayResult.Events"/> holds them).
    /// Rows are formatted a block at a time on every core and written in order as each block is done.
    /// </summary>
    public static void WriteTimeline(ReplayResult r, TextWriter writer)
    {
        writer.Write("anchor,sequence_nr,event,mobile_node,at_ms,care_of,sequence_number,timestamp_ms,lifetime_s,prefix,context_move\n");
        const int block = 16_384;
        var routers = r.Scenario.AccessRouters;
        var blocks = Enumerable.Range(0, (r.Events.Count + block - 1) / block).AsParallel().AsOrdered()
            .Select(b => TimelineRows(r.Events, b * block, Math.Min(r.Events.Count, (b + 1) * block), routers));
        foreach (var rows in blocks) writer.Write(rows);
    }

    static StringBuilder TimelineRows(IReadOnlyList<JournalEvent> events, int from, int to, int routers)
    {
        var csv = new StringBuilder((to - from) * 110);
        for (int i = from; i < to; i++)
        {
            var e = events[i];
            csv.Append(Inv, $"{e.Anchor},{e.SequenceNr},{e.Kind},{e.Event.MnId},");
            Milliseconds(csv, e.Event.At).Append(',');
            switch (e.Event)
            {
                case BindingRegistered g:
                    csv.Append(Inv, $"{new CareOfAddress.Named(g.CareOf, routers)},{g.SequenceNumber},");
                    Milliseconds(csv, g.Timestamp).Append(',');
                    Seconds(csv, g.Lifetime).Append(Inv, $",{g.Prefix},\n");
                    break;
                case BindingDeregistered d:
                    csv.Append(Inv, $"{new CareOfAddress.Named(d.CareOf, routers)},{d.SequenceNumber},");
                    Milliseconds(csv, d.Timestamp).Append(Inv, $",0,{e.Prefix},\n");
                    break;
                case BindingContextReceived c:
                    csv.Append(Inv, $"{new CareOfAddress.Named(c.CareOf, routers)},{c.SequenceNumber},");
                    Milliseconds(csv, c.Timestamp).Append(',');
                    Seconds(csv, c.Lifetime).Append(Inv, $",{c.Prefix},from anchor {c.FromAnchor}\n");
                    break;
                case BindingContextTransferred t:
                    csv.Append(Inv, $",,,,{t.Prefix},to anchor {t.ToAnchor}\n");
                    break;
            }
        }
        return csv;
    }

    /// <summary>A model time in milliseconds, as "0.###" prints it, from its whole microseconds: exact, and without a float's formatting.</summary>
    static StringBuilder Milliseconds(StringBuilder csv, ModelTime t) => Thousandths(csv, t.Microseconds);

    /// <summary>A model time in seconds, as "0.###" prints it; a time of whole milliseconds (every lifetime) without a float's formatting.</summary>
    static StringBuilder Seconds(StringBuilder csv, ModelTime t) =>
        t.Microseconds % 1000 == 0 ? Thousandths(csv, t.Microseconds / 1000) : csv.Append(Inv, $"{t.Seconds:0.###}");

    static StringBuilder Thousandths(StringBuilder csv, long thousandths)
    {
        if (thousandths < 0) { csv.Append('-'); thousandths = -thousandths; }
        csv.Append(thousandths / 1000);
        var fraction = (int)(thousandths % 1000);
        if (fraction == 0) return csv;
        csv.Append('.').Append((char)('0' + fraction / 100));
        if (fraction % 100 != 0) csv.Append((char)('0' + fraction / 10 % 10));
        if (fraction % 10 != 0) csv.Append((char)('0' + fraction % 10));
        return csv;
    }
}
