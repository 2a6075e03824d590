using Akka.Configuration;
using DmmActors.Bootstrap;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Loading;
using DmmActors.Scenarios;
using Xunit;

namespace DmmActors.Tests;

/// <summary>Small scenarios and run contexts for protocol tests.</summary>
public static class TestRuns
{
    public static Scenario Scenario(string practice, int mobileNodes = 1, int handovers = 1, int sessions = 0, int anchors = 2,
        string extra = "") =>
        ScenarioLoader.Parse($$"""
            dmm.scenario {
              name = test, seed = 7, practice = {{practice}}, mobile-nodes = {{mobileNodes}}
              topology { access-routers = 9, anchors = {{anchors}}, correspondents = 2 }
              mobility.handovers-per-node = {{handovers}}
              traffic.sessions-per-node = {{sessions}}
              {{extra}}
            }
            """, "test scenario");

    public static RunContext Context(Scenario scenario, string runId = "test-run",
        Action<Akka.Actor.IActorRef, Akka.Actor.IActorRef, DmmActors.Protocol.ISignal>? tap = null, TimeSpan? signallingTimeout = null) =>
        RunBootstrap.NewContext(scenario, runId, signallingTimeout, tap);

    /// <summary>A first PBU (an attach over a new interface, the LMA to assign the prefix) for node <paramref name="mn"/> through MAG <paramref name="proxyCareOf"/>.</summary>
    public static DmmActors.Protocol.ProxyBindingUpdate AttachPbu(int mn, int proxyCareOf)
    {
        var id = new DmmActors.Addressing.MnIdentifier(mn);
        return new(new DmmActors.Protocol.ProcedureRef(id, 1, DmmActors.Protocol.ProcedureKind.Attach), DmmActors.Addressing.ModelTime.Zero, id,
            DmmActors.Addressing.Prefix64.None, DmmActors.Protocol.HandoffIndicator.AttachmentOverNewInterface, 1, DmmActors.Addressing.ModelTime.Zero, 900, proxyCareOf);
    }

    /// <summary>How many entries an anchor's binding cache holds now.</summary>
    public static int CacheSize(Akka.Actor.IActorRef anchor) =>
        Akka.Actor.Futures.Ask<BindingCacheSnapshot>(anchor, GetBindingCache.Instance, TimeSpan.FromSeconds(5)).Result.Entries.Count;

    /// <summary>Persistence in memory (a journal per partition plugin id, as in production), serialization as in production.</summary>
    public static Config InMemoryJournal =>
        DmmSystem.WithJournalConfig(DmmActors.Persistence.JournalTarget.InMemory(), ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
}

/// <summary>What a probe standing in for a peer sends goes over the run's channel, as the peer's would.</summary>
public static class PeerSignals
{
    /// <summary>
    /// The signal as the channel delivers it from <paramref name="from"/> to <paramref name="to"/>: its arrival stamped,
    /// and, where a security association protects it, signed under the one of <paramref name="from"/> and <paramref name="to"/>.
    /// </summary>
    public static T Over<T>(this T signal, RunContext run, DmmActors.Addressing.Endpoint from, DmmActors.Addressing.Endpoint to)
        where T : DmmActors.Protocol.Signal
    {
        // As RunContext.Send does: the message given is stamped, and its signed copy goes out.
        run.Channel.Carry(signal, from, to);
        if (run.Signalling.Authenticator is not { } a || !DmmActors.Security.MessageAuthenticator.Protects(signal)) return signal;
        var signed = a.Sign(signal, from, to);
        signed.Stamp(signal.ArrivesAt);
        return signed;
    }

    /// <summary>The signal as it arrives with no authentication at all: what a peer without the association sends.</summary>
    public static T Unsigned<T>(this T signal, RunContext run, DmmActors.Addressing.Endpoint from, DmmActors.Addressing.Endpoint to)
        where T : DmmActors.Protocol.Signal => run.Channel.Carry(signal, from, to);

    /// <summary>A PBU as it reaches <paramref name="anchor"/> from the MAG it names.</summary>
    public static DmmActors.Protocol.ProxyBindingUpdate FromItsMag(this DmmActors.Protocol.ProxyBindingUpdate pbu, RunContext run, int anchor) =>
        pbu.Over(run, DmmActors.Addressing.Endpoint.AccessRouter(pbu.ProxyCareOf), DmmActors.Addressing.Endpoint.Anchor(anchor));
}

/// <summary>Actor tests share the two cores badly; they run one at a time.</summary>
[CollectionDefinition("actors", DisableParallelization = true)]
public class ActorTestsCollection;
