using DmmActors.Cli.Commands;
using DmmActors.Run;
using DmmActors.Scenarios;

namespace DmmActors.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var command = args.Length == 0 ? "help" : args[0];
            var rest = new Arguments(args.Skip(1).ToArray());
            return command switch
            {
                "run" => await RunCommand.ExecuteAsync(rest),
                "practices" => PracticesCommand.Execute(rest),
                "compare" => await CompareCommand.ExecuteAsync(rest),
                "bindings" => await BindingsCommand.ExecuteAsync(rest),
                "replay" => await ReplayCommand.ExecuteAsync(rest),
                "storm" => await StormCommand.ExecuteAsync(rest),
                "node" => await NodeCommand.ExecuteAsync(rest),
                "cluster" => await ClusterCommand.ExecuteAsync(rest),
                "help" or "--help" or "-h" => Help(),
                _ => throw new InputError($"unknown command '{command}' (commands: run, storm, compare, practices, bindings, replay, node, cluster, help)"),
            };
        }
        catch (InputError e)
        {
            Console.Error.WriteLine($"dmm: error: {e.Message}");
            return 2;
        }
        catch (RunFailed e)
        {
            Console.Error.WriteLine($"dmm: run failed: {e.Message}");
            return 1;
        }
    }

    static int Help()
    {
        Console.WriteLine("""
            dmm: an actor-based emulator of IP mobility management practices (draft-ietf-dmm-deployment-models / RFC 7429)

              dmm run [SCENARIO.conf] [--out DIR] [--journal FILE|CONNSTR] [--multicast]
                  Runs a scenario (HOCON, root dmm.scenario) or the embedded default.
                  Writes summary.md, summary.json and handovers.csv to DIR (default ./dmm-out),
                  and persists anchors' binding caches to a SQLite FILE (default DIR/journal.db)
                  or a PostgreSQL database ("Host=...;Username=...;Database=..." or postgres://...).
                  --multicast switches the scenario's multicast listeners and sources on.
              dmm compare [SCENARIO.conf] [--multicast] [--out DIR]
                  Runs the scenario under every practice (pmipv6, pmipv6-multi-lma, mipv6-bt,
                  dmm-anchor-relocation), and with multicast on in each mode (proxy, mtma, direct),
                  and writes the side-by-side tables to DIR (default ./dmm-compare): comparison.md,
                  comparison.csv, comparison.json, and each run's summary in a folder of its own.
              dmm run [SCENARIO.conf] --cluster HOST:PORT --journal CONNSTR [--host H] [--port P] [--out DIR]
                  Runs the scenario over a cluster: this process joins as the driver; anchors,
                  access routers and mobile nodes are sharded over the nodes with those roles.
              dmm storm [SCENARIO.conf] [--out DIR] [--multicast] [--journal FILE|CONNSTR] [--cluster HOST:PORT [--host H] [--port P]]
                  Attaches the scenario's nodes, then moves them as the storm's load phases say
                  (inject, ramp, constant, burst; the file's dmm.storm block or the embedded
                  default), persistence on. Writes report.md, report.csv, report.html and the
                  run's summary files to DIR (default ./dmm-storm); exits 1 if a threshold fails.
                  With --cluster it drives the nodes of a running cluster (PostgreSQL journal).
              dmm storm [STORM.conf] --journal FILE|CONNSTR --resume RUN-ID|latest [--out DIR] [--cluster HOST:PORT]
                  Carries on a run that stopped before its end (killed mid-storm): the nodes start
                  where its journal left them, then the storm's phases run (STORM.conf's dmm.storm
                  block, or the run's own). PMIPv6 and MIPv6 practices; with --cluster on the
                  members of a (new) cluster, journalled to the same PostgreSQL.
              dmm practices
                  Lists the practices and where each places the mobility functions.
              dmm bindings --journal FILE|CONNSTR [--run RUN-ID] [--limit N]
                  Recovers every anchor of a run (default: the newest) from the journal and
                  prints its binding cache and bindings_checksum.
              dmm replay --journal FILE|CONNSTR [--run RUN-ID] [--out DIR]
                  Rebuilds a run (default: the newest) from its journal alone: handovers, latency
                  percentiles and bindings_checksum, as summary.json has them, and checks the
                  binding invariants. Writes replay.json and timeline.csv to DIR (default ./dmm-replay).

              dmm node --roles ROLE[,ROLE] [--host H] [--port P] --seed HOST:PORT [--seed ...] [--journal CONNSTR]
                       [--signalling-timeout DURATION]
                  Starts a cluster node (roles: anchor, access, mn, driver) that stays until
                  SIGTERM or Ctrl-C. Anchor nodes need the shared PostgreSQL journal. DMM_HOST,
                  DMM_PORT, DMM_SEEDS, DMM_ROLES, DMM_JOURNAL and DMM_SIGNALLING_TIMEOUT set the
                  same. --signalling-timeout (default 5s) is the wall-clock wait before a MAG on
                  this node retransmits an unanswered PBU; a late answer on a loaded machine
                  then changes the run's model times.
              dmm cluster --seed HOST:PORT
                  Joins the cluster briefly and lists its members, their status and roles.

            Exit codes: 0 success, 1 run failed, 2 bad input.
            """);
        return 0;
    }
}
