using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Randomness;

namespace DmmActors.Practices.Mipv6Ro;

/// <summary>
/// The route-optimising mobile node (RFC 6275 §11.6, §11.7.2): its home registration as in
/// mipv6-bt, then, once the home agent has bound the new care-of address, the return routability
/// test with each correspondent of its sessions (HoTI through the home agent, CoTI straight) and
/// a BU to each, authorised under the Kbm the two tokens make. The move is done when every
/// correspondent has answered; each then sends to the care-of address itself.
/// </summary>
public sealed class RouteOptimisingClient : IHostLocationClient
{
    /// <summary>Where the test with one correspondent stands during a move.</summary>
    sealed class Test(ulong homeCookie, ulong careOfCookie)
    {
        public readonly ulong HomeCookie = homeCookie, CareOfCookie = careOfCookie;
        public HomeTest? Home;
        public CareOfTest? CareOf;
        public byte[]? Kbm;
        public bool Answered, Accepted;
    }

    readonly IMobileNodeHost node;
    readonly RunContext run;
    readonly MnIdentifier id;
    readonly HostLocationClient home;
    readonly Dictionary<int, ushort> sequenceAt = new();
    readonly Dictionary<int, Test> tests = new();
    /// <summary>
    /// The correspondents of the Binding Update List (RFC 6275 §11.1) and until when each holds the
    /// node's binding: one whose session ended still sends to the old care-of address if a new
    /// session starts before its binding lapses, so it is told of every move until then (§11.7.2: each
    /// node of the list gets a correspondent registration after the home registration).
    /// </summary>
    readonly Dictionary<int, ModelTime> boundUntil = new();
    ProcedureRef testing;
    int router;
    ModelTime lastAnswer;

    public RouteOptimisingClient(IMobileNodeHost node)
    {
        (this.node, run, id) = (node, node.Run, node.Id);
        home = new HostLocationClient(run, id, node.ScheduleToSelf);
        node.Handle<HomeTest>((hot, _) => OnToken(hot.Procedure, hot.Correspondent, t => t.Home = hot.Cookie == t.HomeCookie ? hot : t.Home));
        node.Handle<CareOfTest>((cot, _) => OnToken(cot.Procedure, cot.Correspondent, t => t.CareOf = cot.Cookie == t.CareOfCookie ? cot : t.CareOf));
        node.Handle<CorrespondentBindingAcknowledgement>((ba, _) => OnCorrespondentAcknowledgement(ba));
    }

    public Prefix64 HomePrefix => home.HomePrefix;

    /// <summary>
    /// None once every correspondent of the node's sessions sends to the care-of address itself; the
    /// home agent's tunnel otherwise. A correspondent the list holds without a session carries no traffic, so its answer does not count.
    /// </summary>
    public int TunnelsToNode
    {
        get
        {
            var sessions = node.Correspondents.ToArray();
            return sessions.Length > 0 && sessions.All(c => tests.TryGetValue(c, out var test) && test.Accepted) ? 0 : 1;
        }
    }

    public RefreshBarrier Refreshes => home.Refreshes;

    Ipv6Address CareOfAddress => NodeAddresses.CareOf(router, id, run.Topology.AccessRouters);

    public void Register(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self)
    {
        router = ra.AccessRouter;
        home.Register(procedure, at, ra, self);
    }

    public bool Awaits(BindingAcknowledgement ba) => home.Awaits(ba);

    public RegistrationStep OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self)
    {
        var step = home.OnAcknowledgement(ba, sender, self);
        if (ba.Procedure.Kind == ProcedureKind.Refresh || step.UsableAt is not { } usable) return step;
        var correspondents = node.Correspondents.Union(boundUntil.Where(b => b.Value > usable).Select(b => b.Key)).Order().ToArray();
        if (correspondents.Length == 0) return step;
        StartTests(ba.Procedure, run.Channel.Departure(usable, node.Here), correspondents, self);
        return RegistrationStep.Pending;
    }

    /// <summary>§11.6.1: a HoTI through the home agent's tunnel and a CoTI from the care-of address, to each correspondent at once.</summary>
    void StartTests(ProcedureRef procedure, ModelTime at, int[] correspondents, IActorRef self)
    {
        (testing, lastAnswer) = (procedure, at);
        tests.Clear();
        var ha = run.Policy.AnchorOf(id);
        foreach (var c in correspondents)
        {
            var cookies = SplitMix64.Mix(run.Scenario.Seed ^ ((ulong)procedure.Number << 32), id.Index * 64 + c);
            var test = tests[c] = new Test(cookies, SplitMix64.Mix(cookies, 1));
            run.Signalling.Send(run.Directory.Anchors[ha], Endpoint.Anchor(ha), new HomeTestInit(procedure, at, id, HomePrefix, c, test.HomeCookie), self, node.Here);
            run.Signalling.Send(run.Directory.Correspondents[c], Endpoint.Correspondent(c), new CareOfTestInit(procedure, at, id, router, c, test.CareOfCookie), self, node.Here);
        }
    }

    /// <summary>§11.6.2: with both tokens in, Kbm authorises the BU to that correspondent (§11.7.2).</summary>
    void OnToken(ProcedureRef procedure, int correspondent, Action<Test> take)
    {
        if (procedure != testing || !tests.TryGetValue(correspondent, out var test) || test.Kbm is not null) return;
        take(test);
        if (test.Home is not { } hot || test.CareOf is not { } cot) return;
        test.Kbm = ReturnRoutabilityKeys.BindingKey(hot.HomeKeygenToken, cot.CareOfKeygenToken);
        var at = run.Channel.Departure(hot.ArrivesAt > cot.ArrivesAt ? hot.ArrivesAt : cot.ArrivesAt, node.Here);
        var sequence = sequenceAt[correspondent] = (ushort)(sequenceAt.GetValueOrDefault(correspondent) + 1);
        var lifetime = Protocol.Lifetime.ToUnits(ReturnRoutabilityKeys.MaxBindingLifetime);
        var cn = NodeAddresses.Infrastructure(NodeKind.Correspondent, correspondent);
        var authorizer = ReturnRoutabilityKeys.Authorize(test.Kbm, CareOfAddress, cn, Protocol.Wire.WireCodec.MhType.BindingUpdate,
            sequence, lifetime, hot.HomeNonceIndex, cot.CareOfNonceIndex);
        run.Signalling.Send(run.Directory.Correspondents[correspondent], Endpoint.Correspondent(correspondent), new CorrespondentBindingUpdate(procedure, at, id,
            HomePrefix, router, correspondent, sequence, lifetime, hot.HomeNonceIndex, cot.CareOfNonceIndex, authorizer), node.Self, node.Here);
    }

    void OnCorrespondentAcknowledgement(CorrespondentBindingAcknowledgement ba)
    {
        if (ba.Procedure != testing || !tests.TryGetValue(ba.Correspondent, out var test) || test.Kbm is null || test.Answered) return;
        var cn = NodeAddresses.Infrastructure(NodeKind.Correspondent, ba.Correspondent);
        // §11.7.3: a BA whose authenticator Kbm does not verify is silently discarded.
        if (ReturnRoutabilityKeys.Authorize(test.Kbm, CareOfAddress, cn, Protocol.Wire.WireCodec.MhType.BindingAcknowledgement,
                ba.SequenceNumber, ba.LifetimeUnits, (ushort)ba.Status, 0) != ba.Authorizer)
        {
            run.Recorder.Unauthorised();
            return;
        }
        test.Answered = true;
        if (ba.Status == BindingStatus.Accepted)
        {
            test.Accepted = true;
            boundUntil[ba.Correspondent] = ba.ArrivesAt + Protocol.Lifetime.FromUnits(ba.LifetimeUnits);
        }
        else sequenceAt[ba.Correspondent] = ba.SequenceNumber;
        if (ba.ArrivesAt > lastAnswer) lastAnswer = ba.ArrivesAt;
        if (tests.Values.All(t => t.Answered)) node.Registered(lastAnswer);
    }

    public void Refresh(int procedureNumber, ModelTime until, int router, IActorRef self) => home.Refresh(procedureNumber, until, router, self);

    /// <summary>
    /// To a correspondent that accepted the node's BU for this care-of address: straight there from
    /// it, the home address in a Home Address option (RFC 6275 §11.3.1, §6.3); through the home
    /// agent's reverse tunnel otherwise.
    /// </summary>
    public void SendUplink(DataPacket packet, int onRouter)
    {
        if (tests.TryGetValue(packet.Correspondent, out var test) && test.Accepted)
            Uplink.ToCorrespondent(run, packet with { RoutedToCareOf = onRouter }, Endpoint.MobileNode(id, onRouter));
        else home.SendUplink(packet, onRouter);
    }

    public void OnDeadline(BindingUpdateListEntry.Deadline deadline, IActorRef self) => home.OnDeadline(deadline, self);

    public void Restore(BindingRegistered binding) => home.Restore(binding);
}
