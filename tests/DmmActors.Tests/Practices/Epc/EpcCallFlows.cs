using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Practices.Epc;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Epc;

/// <summary>
/// TS 23.401's call flows with the practice's real eNBs, MME, DNS, SGWs and PGWs, probes standing
/// in for the UEs: the grid, the UEs' arrivals and what was sent, for the practices of the EPS.
/// </summary>
public abstract class EpcCallFlows : TestKit
{
    protected readonly ConcurrentQueue<ISignal> sent = new();
    protected readonly TestProbe[] ues;
    protected RunContext run = null!;
    protected EpcLayout layout = null!;

    protected EpcCallFlows() : base(TestRuns.InMemoryJournal) => ues = [CreateTestProbe("ue0"), CreateTestProbe("ue1")];

    /// <summary>One PGW, two SGWs, the MME and the DNS on the 3 × 3 grid, every eNB up; a signalling timeout where messages may be lost.</summary>
    protected void Start(int trackingAreaSide, string limits = "", TimeSpan? signallingTimeout = null, string practice = "epc")
    {
        run = TestRuns.Context(TestRuns.Scenario(practice, mobileNodes: 2, anchors: 1,
                extra: $"epc {{ sgws = 2, tracking-area-side = {trackingAreaSide} {limits} }}"),
            tap: (_, _, signal) => sent.Enqueue(signal), signallingTimeout: signallingTimeout);
        layout = new EpcLayout(run.Topology, EpcSettings.Of(run.Scenario), run.Scenario.Seed);
        for (int i = 0; i < ues.Length; i++) run.Directory.MobileNodes[i] = ues[i].Ref;
        for (int a = 0; a < run.Topology.Anchors; a++) run.Directory.Anchors[a] = Sys.ActorOf(AnchorActor.Props(run, a), $"anchor-{a}");
        for (int r = 0; r < run.Topology.AccessRouters; r++) run.Directory.AccessRouters[r] = Sys.ActorOf(AccessRouterActor.Props(run, r), $"enb-{r}");
    }

    protected static ProcedureRef Procedure(int ue, int number) => new(new MnIdentifier(ue), number, number == 1 ? ProcedureKind.Attach : ProcedureKind.Handover);

    /// <summary>The UE arrives on eNB <paramref name="enb"/> in its procedure <paramref name="number"/>, leaving <paramref name="from"/> if it was on one.</summary>
    protected object Arrive(int ue, int enb, int number, int from = -1)
    {
        var at = ModelTime.FromSeconds(10 * number);
        var procedure = Procedure(ue, number);
        if (from >= 0) run.Directory.AccessRouters[from].Tell(new LinkDown(procedure, at, new MnIdentifier(ue)));
        run.Directory.AccessRouters[enb].Tell(new RouterSolicitation(procedure, at, new MnIdentifier(ue))
            .Over(run, Endpoint.MobileNode(new MnIdentifier(ue), enb), Endpoint.AccessRouter(enb)), ues[ue].Ref);
        // A procedure crosses a dozen actors and two journal writes: on a loaded machine that takes more than TestKit's default 3 s.
        return ues[ue].ExpectMsg<object>(m => m is RouterAdvertisement or RegistrationRejected, TimeSpan.FromSeconds(15));
    }

    protected SignalType[] TypesOf(ProcedureRef procedure) => sent.Where(s => s.Procedure == procedure).Select(s => s.Type).ToArray();

    protected T[] Sent<T>(ProcedureRef procedure) where T : ISignal => sent.OfType<T>().Where(s => s.Procedure == procedure).ToArray();

    protected BindingCacheEntry[] Entries(int anchor) =>
        run.Directory.Anchors[anchor].Ask<BindingCacheSnapshot>(GetBindingCache.Instance, TimeSpan.FromSeconds(5)).Result.Entries.ToArray();

    protected BindingCacheEntry EntryOf(int anchor, int ue) => Entries(anchor).Single(e => e.MnId.Index == ue);

    protected int Regional(int sgw) => CareOfAddress.Regional(sgw, run.Topology.AccessRouters);

    /// <summary>Two neighbouring eNBs whose tracking areas' nearest SGWs differ (with one eNB per area).</summary>
    protected (int From, int To) AcrossSgws() =>
        Enumerable.Range(0, run.Topology.AccessRouters)
            .SelectMany(a => run.Topology.NeighboursOf(a).Select(b => (a, b)))
            .First(p => NearestSgw(p.a) != NearestSgw(p.b));

    protected int NearestSgw(int enb) => layout.GatewaysFor(layout.TrackingAreaOf(enb), GatewayService.Sgw)[0];
}
