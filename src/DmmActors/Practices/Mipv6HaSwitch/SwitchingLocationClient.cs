using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mipv6HaSwitch;

/// <summary>
/// A MIPv6 node that takes a Home Agent Switch (RFC 5142 §5.2) at its next move: it registers a
/// new home address with the first home agent the switch named, and once that one has bound it,
/// releases its binding at the one it left. A new home address breaks the sessions on the old,
/// so only a node none of whose sessions needs its address switches (draft §4.1); any other
/// stays, and the switch counts as refused.
/// </summary>
public sealed class SwitchingLocationClient : IHostLocationClient
{
    readonly IMobileNodeHost node;
    readonly RunContext run;
    readonly MnIdentifier id;
    HostLocationClient home;
    /// <summary>The home agent left, until the new one has bound the node; then the one released, until it answers.</summary>
    HostLocationClient? leaving, releasing;
    /// <summary>The home agents the last switch named, until the next move takes it up.</summary>
    IReadOnlyList<int>? offered;
    /// <summary>The RA of the move under way: a node whose new home agent refuses it registers with the old one from it.</summary>
    RouterAdvertisement? lastRa;
    int router;

    public SwitchingLocationClient(IMobileNodeHost node)
    {
        (this.node, run, id) = (node, node.Run, node.Id);
        home = new HostLocationClient(run, id, node.ScheduleToSelf);
        node.Handle<HomeAgentSwitch>((message, _) => OnSwitch(message));
    }

    void OnSwitch(HomeAgentSwitch message)
    {
        if (message.HomeAgent == home.HomeAgent && message.HomeAgents.Count > 0) offered = message.HomeAgents;
    }

    public Prefix64 HomePrefix => home.HomePrefix;
    public int TunnelsToNode => 1;
    public RefreshBarrier Refreshes => home.Refreshes;

    public void Register(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self)
    {
        (router, lastRa) = (ra.AccessRouter, ra);
        if (offered is { } homeAgents)
        {
            offered = null;
            if (node.SessionsNeedContinuity) run.Recorder.Counters.Add(Counter.HomeAgentSwitchesRefused);
            else
            {
                leaving = home;
                home = new HostLocationClient(run, id, homeAgents[0], node.ScheduleToSelf);
            }
        }
        home.Register(procedure, at, ra, self);
    }

    /// <summary>
    /// The home agent left whose BA this is: the answer to the release, or to a refresh sent there
    /// before the move; none where the BA is the current agent's.
    /// </summary>
    HostLocationClient? Left(BindingAcknowledgement ba) => Answers(leaving, ba) ? leaving : Answers(releasing, ba) ? releasing : null;

    bool Answers(HostLocationClient? old, BindingAcknowledgement ba) =>
        old is not null && (old.AnswersRelease(ba) || ba.HomeAgent == old.HomeAgent && ba.HomeAgent != home.HomeAgent);

    public bool Awaits(BindingAcknowledgement ba) => Left(ba) is { } old ? old.Awaits(ba) : home.Awaits(ba);

    public RegistrationStep OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self)
    {
        if (Left(ba) is { } old)
        {
            var released = old.AnswersRelease(ba);
            old.OnAcknowledgement(ba, sender, self);
            if (released && ReferenceEquals(old, releasing)) releasing = null;
            return RegistrationStep.Pending;
        }
        var step = home.OnAcknowledgement(ba, sender, self);
        if (leaving is not { } left) return step;
        // RFC 5142 §5.2: bound at the new home agent, the node deregisters at the old, once.
        if (step.UsableAt is { } usable)
        {
            run.Recorder.Counters.Add(Counter.HomeAgentSwitchesMade);
            left.Release(ba.Procedure, usable, router, self);
            (releasing, leaving) = (left, null);
        }
        else if (step == RegistrationStep.Refused && lastRa is { } ra)
        {
            // The new home agent refused: the old one still binds the home address, and the move registers there.
            (home, leaving) = (left, null);
            home.Register(ba.Procedure, ba.ArrivesAt, ra, self);
            return RegistrationStep.Pending;
        }
        return step;
    }

    public void Refresh(int procedureNumber, ModelTime until, int onRouter, IActorRef self) => home.Refresh(procedureNumber, until, onRouter, self);

    public void OnDeadline(BindingUpdateListEntry.Deadline deadline, IActorRef self)
    {
        home.OnDeadline(deadline, self);
        releasing?.OnDeadline(deadline, self);
    }

    public void SendUplink(DataPacket packet, int onRouter) => home.SendUplink(packet, onRouter);

    /// <summary>Back with the home agent that bound it last: the one whose pool its home address is on.</summary>
    public void Restore(BindingRegistered binding)
    {
        home = new HostLocationClient(run, id, binding.Prefix.PoolAnchor, node.ScheduleToSelf);
        home.Restore(binding);
    }
}
