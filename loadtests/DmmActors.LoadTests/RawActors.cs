using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using DmmActors.Randomness;

namespace DmmActors.LoadTests;

/// <summary>
/// The raw baseline, in a process of its own: trivial actors spawned as fast as Akka.NET
/// allows, their resident memory, and tells hopping between random ones of them.
/// </summary>
public static class RawActors
{
    sealed record Hop(int Remaining);

    sealed class HopActor(int seed) : UntypedActor
    {
        public static IActorRef[] Peers = [];
        public static int Outstanding;
        public static TaskCompletionSource Done = new();
        SplitMix64 rng = new((ulong)seed);

        protected override void OnReceive(object message)
        {
            var hop = (Hop)message;
            if (hop.Remaining > 0) Peers[rng.NextInt(Peers.Length)].Tell(new Hop(hop.Remaining - 1));
            else if (Interlocked.Decrement(ref Outstanding) == 0) Done.TrySetResult();
        }
    }

    public static async Task Measure(int actors, int tokens, int hopsPerToken)
    {
        var system = ActorSystem.Create("raw", Bootstrap.DmmSystem.BaseConfig());
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = Process.GetCurrentProcess().WorkingSet64;
        var peers = new IActorRef[actors];
        var spawn = Stopwatch.StartNew();
        for (int i = 0; i < actors; i++)
        {
            var seed = i;
            peers[i] = system.ActorOf(Props.Create(() => new HopActor(seed)), $"a{i}");
            if (i % 200_000 == 0) Console.Error.WriteLine($"raw: spawned {i:N0}/{actors:N0}");
        }
        spawn.Stop();
        var resident = Process.GetCurrentProcess().WorkingSet64 - before;

        HopActor.Peers = peers;
        HopActor.Outstanding = tokens;
        var rng = new SplitMix64(7);
        var hops = Stopwatch.StartNew();
        for (int t = 0; t < tokens; t++) peers[rng.NextInt(actors)].Tell(new Hop(hopsPerToken));
        await HopActor.Done.Task.WaitAsync(TimeSpan.FromMinutes(10));
        hops.Stop();
        await system.Terminate();

        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
        {
            ["actors"] = actors,
            ["spawn_per_s"] = actors / spawn.Elapsed.TotalSeconds,
            ["resident_bytes_per_actor"] = resident / (double)actors,
            ["hops_per_s"] = (double)tokens * (hopsPerToken + 1) / hops.Elapsed.TotalSeconds,
        }));
    }
}
