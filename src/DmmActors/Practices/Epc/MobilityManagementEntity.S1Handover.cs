using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

public sealed partial class MobilityManagementEntity
{
    /// <summary>
    /// TS 23.401 §5.5.1.2.2 steps 1–5 (Figure 5.5.1.2.2-1): the source eNB, with no X2 interface to
    /// the target, asks for an S1 handover; the MME asks the target eNB for resources with the SGW's
    /// uplink end. A UE with another procedure under way, or none known, is not prepared for: it
    /// reaches the target unprepared and is taken there as after an X2 handover.
    /// </summary>
    void HandoverRequired(S1apMessage message, IActorRef source, ModelTime? taken = null)
    {
        if (message.Location is not { } target) return;
        var known = contexts.TryGetValue(message.Ue.Index, out var context) && !context.Paa.IsNone;
        if (known && context!.Step != Step.Idle)
        {
            (context.Deferred ??= new()).Enqueue((message, source));
            return;
        }
        var departs = Run.Channel.Departure(ModelTime.Max(message.ArrivesAt, taken ?? ModelTime.Zero), here);
        var enb = EpcLayout.EnbOf(target);
        if (!known)
        {
            // Handover Preparation Failure to the source; the target, which the UE will reach all the same, turns it away.
            Run.Signalling.Send(source, Endpoint.AccessRouter(message.Enb),
                new S1apMessage(message.Procedure, departs, S1apProcedure.HandoverPreparation, S1apPdu.UnsuccessfulOutcome, message.Ue, message.Enb), host.Self, here);
            Run.Signalling.Send(Run.Directory.AccessRouters[enb], Endpoint.AccessRouter(enb),
                new S1apMessage(message.Procedure, departs, S1apProcedure.DownlinkNasTransport, S1apPdu.UnsuccessfulOutcome, message.Ue, enb), host.Self, here);
            return;
        }
        (context!.Step, context.Procedure, context.PreparedFrom) = (Step.PreparingHandover, message.Procedure, (message.Enb, source));
        ToEnb(context, departs, S1apProcedure.HandoverResourceAllocation, S1apPdu.InitiatingMessage, context.SgwUser, (enb, Run.Directory.AccessRouters[enb]));
    }

    /// <summary>§5.5.1.2.2 step 7: the target has the resources; the source gets the Handover Command, and the UE goes.</summary>
    void HandoverRequestAcknowledged(S1apMessage message)
    {
        if (!contexts.TryGetValue(message.Ue.Index, out var context) || context.Step != Step.PreparingHandover || context.Procedure != message.Procedure) return;
        context.Step = Step.HandoverPrepared;
        ToEnb(context, Run.Channel.Departure(message.ArrivesAt, here), S1apProcedure.HandoverPreparation, S1apPdu.SuccessfulOutcome, null, context.PreparedFrom);
    }

    /// <summary>
    /// §5.5.1.2.2 steps 12–17: the UE is on the target cell, which says so with its S1-U end; the
    /// downlink moves to it as after an X2 handover's Path Switch Request (Modify Bearer, or the SGW
    /// relocated where the UE entered another SGW's area), and the source releases the UE once it has.
    /// </summary>
    void HandoverNotify(S1apMessage message, IActorRef target)
    {
        if (contexts.TryGetValue(message.Ue.Index, out var context) && context.Step == Step.HandoverPrepared && context.Procedure == message.Procedure)
            (context.Step, context.S1Source) = (Step.Idle, context.PreparedFrom);
        PathSwitch(message, target);
    }
}
