using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

public sealed partial class MobilityManagementEntity
{
    /// <summary>
    /// The UE's PDN connection at its PGW is set up or moved. Where traffic breaks out locally, the
    /// local connection is seen to next: set up at an attach, set up again at the gateway the UE is
    /// near now if it left its own, moved along with the UE's SGW where it keeps its gateway.
    /// </summary>
    void DefaultDone(UeContext context, ModelTime at)
    {
        context.NewSgw = context.Sgw;
        var relocated = context.OldSgw >= 0;
        var attach = context.Procedure.Kind == ProcedureKind.Attach;
        switch (breakout)
        {
            // A UE with no SIPTO connection (its set-up refused) asks again at its next move.
            case LocalBreakout.Sipto when attach || relocated || context.LocalGateway < 0:
                context.Step = Step.SelectingLocalGateway;
                Query(context, at, GatewayService.LocalPgw);
                return;
            case LocalBreakout.Lipa when context.NamedLocalGateway >= 0 && (attach || context.NamedLocalGateway != context.LocalGateway || relocated):
                LocalGatewayChosen(context, context.NamedLocalGateway, at);
                return;
        }
        Complete(context, at);
    }

    /// <summary>The local gateway the UE is to have now: its connection there moved with the SGW, or set up anew after the old one's release.</summary>
    void LocalGatewayChosen(UeContext context, int gateway, ModelTime at)
    {
        if (gateway < 0)
        {
            // None for the UE here: a connection it had elsewhere goes.
            if (context.LocalGateway >= 0) ReleaseLocal(context, at);
            Complete(context, at);
            return;
        }
        if (gateway == context.LocalGateway && context.OldSgw >= 0)
        {
            // §5.5.1.1.3 step 3: the local connection goes to the new SGW as the default one did.
            context.Step = Step.RelocatingLocalSession;
            var (pgwControl, enbUser, pgwUser, paa) = (context.LocalControl, context.EnbUser, context.LocalUser, context.LocalPaa);
            CreateSessionAt(context, at, GtpNode.LocalBearer, r => r with { PgwControl = pgwControl, S1uEnodeB = enbUser, S5S8uPgw = pgwUser, Paa = paa });
            return;
        }
        if (gateway == context.LocalGateway)
        {
            Complete(context, at);
            return;
        }
        if (context.LocalGateway >= 0) ReleaseLocal(context, at);
        // §5.10.2 step 4: the new connection's session at the UE's SGW, naming the local gateway; the eNB's end with it after a move.
        (context.Step, context.NewLocalGateway) = (Step.CreatingLocalSession, gateway);
        var control = new FullyQualifiedTeid(GtpInterface.S5S8cPgw, 0, Endpoint.Anchor(gateway));
        var enbEnd = context.Procedure.Kind == ProcedureKind.Attach ? null : context.EnbUser;
        CreateSessionAt(context, at, GtpNode.LocalBearer, r => r with { PgwControl = control, S1uEnodeB = enbEnd });
    }

    /// <summary>
    /// §5.10.3: the UE's local connection released at the SGW that holds it (the source of a relocation
    /// under way), which tells its gateway (OI set); the UE's local prefix goes with it.
    /// </summary>
    void ReleaseLocal(UeContext context, ModelTime at)
    {
        var (sgw, sgwControl) = context.OldSgw >= 0 ? (context.OldSgw, context.OldSgwControl) : (context.Sgw, context.SgwControl);
        DeleteSession(context.Ue, context.Procedure, sgw, sgwControl?.Teid ?? 0, GtpNode.LocalBearer, scopeOnly: false, at);
        (context.LocalGateway, context.LocalPaa, context.LocalControl, context.LocalUser, context.ReplacesLocal) = (-1, Prefix64.None, null, null, true);
    }

    /// <summary>
    /// The local connection's session answered. Refused, the UE goes on without one (its offloadable
    /// traffic on the PGW's prefix); either way the procedure completes.
    /// </summary>
    void LocalSessionAnswered(UeContext context, CreateSessionResponse response, ModelTime at)
    {
        if (!response.Accepted) (context.LocalGateway, context.LocalPaa, context.LocalControl, context.LocalUser) = (-1, Prefix64.None, null, null);
        else if (context.Step == Step.CreatingLocalSession)
        {
            (context.LocalGateway, context.LocalPaa, context.LocalControl, context.LocalUser) =
                (context.NewLocalGateway, response.Paa, response.PgwControl, response.S5S8uPgw);
            if (context.ReplacesLocal) Run.Recorder.Counters.Add(Metrics.Counter.LocalConnectionsReestablished);
        }
        Complete(context, at);
    }
}
