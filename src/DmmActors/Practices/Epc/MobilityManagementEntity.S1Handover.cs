using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

public sealed partial class MobilityManagementEntity
{
    /// <summary>
    /// TS 23.401 §5.5.1.2.2 steps 1–5 (Figure 5.5.1.2.2-1): the source eNB, with no X2 interface to
    /// the target, asks for an S1 handover; the MME asks the target eNB for resources with the SGW's
    /// uplink end. One that comes while another procedure of the UE's is under way waits for it; a
    /// preparation the UE did not complete is given up for the new one; a UE the MME does not know is refused.
    /// </summary>
    void HandoverRequired(S1apMessage message, IActorRef source, ModelTime? taken = null)
    {
        if (message.Location is not { } target || WaitsBehindAnother(message, source, out var known, out var context)) return;
        var departs = Run.Channel.Departure(ModelTime.Max(message.ArrivesAt, taken ?? ModelTime.Zero), here);
        var enb = EpcLayout.EnbOf(target);
        if (!known)
        {
            RefuseHandover(message, source, departs);
            return;
        }
        (context!.Step, context.Procedure, context.PreparedFrom) = (Step.PreparingHandover, message.Procedure, (message.Enb, source));
        ToEnb(context, departs, S1apProcedure.HandoverResourceAllocation, S1apPdu.InitiatingMessage, context.SgwUser, (enb, Run.Directory.AccessRouters[enb]));
    }

    /// <summary>
    /// Handover Preparation Failure to the source. The target, which the UE reaches all the same (the
    /// emulator's UE leaves when its walk says), is told too, so that it turns the UE away rather than
    /// wait: TS 36.413 tells a target nothing of a handover it was never asked to prepare.
    /// </summary>
    void RefuseHandover(S1apMessage message, IActorRef source, ModelTime at)
    {
        var enb = message.Location is { } target ? EpcLayout.EnbOf(target) : -1;
        Run.Signalling.Send(source, Endpoint.AccessRouter(message.Enb),
            new S1apMessage(message.Procedure, at, S1apProcedure.HandoverPreparation, S1apPdu.UnsuccessfulOutcome, message.Ue, message.Enb), host.Self, here);
        if (enb >= 0)
            Run.Signalling.Send(Run.Directory.AccessRouters[enb], Endpoint.AccessRouter(enb),
                new S1apMessage(message.Procedure, at, S1apProcedure.DownlinkNasTransport, S1apPdu.UnsuccessfulOutcome, message.Ue, enb), host.Self, here);
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
