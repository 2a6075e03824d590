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
            ReportWriter.WriteAtomically(Path.Combine(outDir, "timeline.csv"), TimelineCsv(r)),
        ];
    }

    /// <summary>One row per persisted signalling outcome, in each anchor's order.</summary>
    public static string TimelineCsv(ReplayResult r)
    {
        var csv = new StringBuilder("anchor,sequence_nr,event,mobile_node,at_ms,care_of,sequence_number,timestamp_ms,lifetime_s,prefix,context_move\n");
        var routers = r.Scenario.AccessRouters;
        foreach (var e in r.Events.OrderBy(e => e.Anchor).ThenBy(e => e.SequenceNr))
        {
            csv.Append(e.Anchor).Append(',').Append(e.SequenceNr).Append(',').Append(e.Kind).Append(',')
               .Append(e.Event.MnId.Nai).Append(',').Append(e.Event.At.Milliseconds.ToString("0.###", Inv)).Append(',');
            switch (e.Event)
            {
                case BindingRegistered g:
                    csv.Append(CareOfAddress.Name(g.CareOf, routers)).Append(',').Append(g.SequenceNumber).Append(',')
                       .Append(g.Timestamp.Milliseconds.ToString("0.###", Inv)).Append(',')
                       .Append(g.Lifetime.Seconds.ToString("0.###", Inv)).Append(',').Append(g.Prefix).Append(",\n");
                    break;
                case BindingDeregistered d:
                    csv.Append(CareOfAddress.Name(d.CareOf, routers)).Append(',').Append(d.SequenceNumber).Append(',')
                       .Append(d.Timestamp.Milliseconds.ToString("0.###", Inv)).Append(",0,").Append(e.Prefix).Append(",\n");
                    break;
                case BindingContextReceived c:
                    csv.Append(CareOfAddress.Name(c.CareOf, routers)).Append(',').Append(c.SequenceNumber).Append(',')
                       .Append(c.Timestamp.Milliseconds.ToString("0.###", Inv)).Append(',')
                       .Append(c.Lifetime.Seconds.ToString("0.###", Inv)).Append(',').Append(c.Prefix)
                       .Append(",from anchor ").Append(c.FromAnchor).Append('\n');
                    break;
                case BindingContextTransferred t:
                    csv.Append(",,,,").Append(t.Prefix).Append(",to anchor ").Append(t.ToAnchor).Append('\n');
                    break;
            }
        }
        return csv.ToString();
    }
}
