using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Practices;
using DmmActors.Practices.DmmAnchorRelocation;
using DmmActors.Practices.Hmipv6;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices;

/// <summary>Each practice builds, for every node kind, the components its placement puts there, and they register the messages of their own protocol.</summary>
public class PracticeComponentsTests
{
    /// <summary>Stands in for a node that hosts components: records what they register.</summary>
    sealed class RecordingHost(RunContext run, int index) : IAnchorHost, IAccessRouterHost
    {
        public List<Type> Registered { get; } = new();
        public RunContext Run { get; } = run;
        public int Index { get; } = index;
        public IActorRef Self => ActorRefs.Nobody;
        public BindingCache Cache { get; } = new(index, run.BindingRules);
        public TunnelForwarding Forwarding => new(Run, Index, Cache);
        public RegistrationAuthorization Authorization => new(Run, Index, Run.Practice.PolicyNamesTheAnchor);
        public void PersistThen(IBindingEvent e, Action whenDurable) => throw new InvalidOperationException("nothing is journalled here");
        public void Handle<T>(Action<T, IActorRef> handler) => Registered.Add(typeof(T));
        public void Listen(MnIdentifier mn, int group, ModelTime at, ProcedureRef procedure) { }
        public void ScheduleToSelf(TimeSpan delay, object message) { }
        public void LinkUp(MnIdentifier mn, ProcedureRef procedure, IActorRef node, ModelTime at) { }
        public void Deliver(DataPacket packet) { }
        public int AnchorOf(MnIdentifier mn) => -1;
        public int AnchorOf(MnIdentifier mn, Prefix64 prefix, ModelTime at) => -1;
    }

    [Theory]
    [InlineData("pmipv6", typeof(ProxyLocationClient), false, false, "AccessRouter")]
    [InlineData("pmipv6-multi-lma", typeof(ProxyLocationClient), false, false, "AccessRouter")]
    [InlineData("mipv6-bt", null, true, false, "MobileNode")]
    [InlineData("dmm-anchor-relocation", typeof(MaarLocationClient), false, true, "AccessRouter")]
    public void Each_node_kind_gets_the_components_its_practice_places_on_it(string name, Type? routerClient, bool nodeClient,
        bool anchorsAtRouters, string clientHost)
    {
        var run = TestRuns.Context(TestRuns.Scenario(name));
        var practice = run.Practice;

        Assert.Equal(routerClient, practice.AccessRouterLocationClient(run, 0, null)?.GetType());
        Assert.Equal(nodeClient, practice.MobileNodeLocationClient(run, new MnIdentifier(0), null) is not null);
        Assert.Equal(clientHost, practice.LocationClientHost.Name);
        Assert.Equal(anchorsAtRouters, practice.AnchorComponents(new RecordingHost(run, 0)).OfType<RelocatingAnchor>().Any());
        Assert.Equal(anchorsAtRouters, run.Topology.IsFunctionOf(3, 3));
        Assert.Equal(anchorsAtRouters ? typeof(SessionSharingConnectionManager) : typeof(SilentConnectionManager), practice.ConnectionManager.GetType());
        // Where the node's policy profile names its anchor, no other anchor serves it (RFC 5213 §6.2).
        Assert.Equal(!anchorsAtRouters, practice.PolicyNamesTheAnchor);
    }

    [Fact]
    public void The_components_register_the_messages_of_their_own_protocol_with_the_node_that_hosts_them()
    {
        var dmm = TestRuns.Context(TestRuns.Scenario("dmm-anchor-relocation"));
        var anchor = new RecordingHost(dmm, 0);
        _ = dmm.Practice.AnchorComponents(anchor).ToArray();
        Assert.Equal([typeof(ContextTransferData), typeof(ContextTransferDataReply), typeof(RelocateAnchor), typeof(AnchorAdvertisement)], anchor.Registered);
        var maar = new RecordingHost(dmm, 0);
        dmm.Practice.AccessRouterLocationClient(dmm, 0, null)!.Register(maar);
        Assert.Equal([typeof(HandoverInitiate), typeof(HandoverAcknowledge), typeof(RegistrationBackoff), typeof(PrefixRelease), typeof(PrefixesInUse), typeof(AnchorRelocated), typeof(AnchorAdvertisement)],
            maar.Registered);

        var pmipv6 = TestRuns.Context(TestRuns.Scenario("pmipv6"));
        var mag = new RecordingHost(pmipv6, 0);
        pmipv6.Practice.AccessRouterLocationClient(pmipv6, 0, null)!.Register(mag);
        Assert.Equal([typeof(RegistrationBackoff)], mag.Registered);
        Assert.Empty(pmipv6.Practice.AnchorComponents(new RecordingHost(pmipv6, 0)));
    }

    [Fact]
    public void HMIPv6_places_a_hierarchical_client_on_the_node_MAP_tunnels_on_the_MAPs_and_MAP_options_on_the_routers()
    {
        var run = TestRuns.Context(TestRuns.Scenario("hmipv6", anchors: 2, extra: "hmipv6 { maps = 3, domain-radius = 3 }"));
        var practice = run.Practice;
        Assert.Equal((5, 2), (run.Topology.Anchors, run.Topology.FirstRegionalAnchor));
        Assert.IsType<HierarchicalLocationClient>(practice.MobileNodeLocationClient(run, new MnIdentifier(0), null));
        Assert.Null(practice.AccessRouterLocationClient(run, 0, null));
        Assert.Equal([false, false, true, true, true], Enumerable.Range(0, 5).Select(a => practice.AnchorComponents(new RecordingHost(run, a)).OfType<MapAnchor>().Any()));
        // A MAP is no node's home agent (RFC 5380 §3): every node's is one of the first two anchors.
        Assert.All(Enumerable.Range(0, 9), r => Assert.InRange(run.Topology.NearestAnchor(r), 0, 1));
        Assert.All(Enumerable.Range(0, 9), r => Assert.NotEmpty(practice.RouterAdvertisementOptions(run, r)!.Maps));

        var mipv6 = TestRuns.Context(TestRuns.Scenario("mipv6-bt"));
        Assert.IsType<HostLocationClient>(mipv6.Practice.MobileNodeLocationClient(mipv6, new MnIdentifier(0), null));
        Assert.Null(mipv6.Practice.RouterAdvertisementOptions(mipv6, 0));
        Assert.Empty(mipv6.Practice.AnchorComponents(new RecordingHost(mipv6, 1)));
    }

    [Fact]
    public void A_node_that_shares_nothing_sends_nothing_with_its_RS_and_a_sharing_one_only_after_a_move()
    {
        var mn = new MnIdentifier(1);
        IReadOnlyList<PrefixInUse> keep = [new PrefixInUse(Prefix64.Delegated(5, 1), 1)];
        var move = new ProcedureRef(mn, 2, ProcedureKind.Handover);
        Assert.Null(SilentConnectionManager.Instance.OnNewLink(move, ModelTime.Zero, mn, 5, keep));

        var sharing = DmmActors.Practices.DmmAnchorRelocation.SessionSharingConnectionManager.Instance;
        var shared = Assert.IsType<PrefixesInUse>(sharing.OnNewLink(move, ModelTime.Zero, mn, 5, keep));
        Assert.Equal((5, keep), (shared.PreviousRouter, shared.Keep));
        Assert.Null(sharing.OnNewLink(new ProcedureRef(mn, 1, ProcedureKind.Attach), ModelTime.Zero, mn, -1, []));
        Assert.Null(sharing.OnNewLink(new ProcedureRef(mn, 2, ProcedureKind.Reattach), ModelTime.Zero, mn, 5, keep));
    }
}
