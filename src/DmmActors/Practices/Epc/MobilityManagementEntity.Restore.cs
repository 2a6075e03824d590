using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

public sealed partial class MobilityManagementEntity
{
    /// <summary>
    /// A resumed run puts the UE's context back as its gateways' journalled contexts hold it: the PGW
    /// (<see cref="RestoreBinding.Lma"/>) and its prefix, the SGW whose context names the eNB, the
    /// F-TEIDs each allocated for the UE, and its local connection where the practice has one.
    /// </summary>
    void Restore(RestoreBinding restore)
    {
        var (ue, enb, pgw) = (restore.MobileNode, restore.Binding.CareOf, restore.Lma);
        var sgw = restore.Binding.Prefix.PoolAnchor;
        // Put back through the router it stood at and the one its cut-short move reached, in either order: the first does it.
        if (contexts.TryGetValue(ue.Index, out var restored))
        {
            // A context at another SGW, which a relocation left there: let go as §5.5.1.1.3 step 8 would have (SI set, OI clear).
            if (sgw != restored.Sgw && layout.IsSgw(sgw))
                DeleteSession(ue, restore.Procedure, sgw, GtpTeids.Bearer(ue), GtpNode.DefaultBearer, scopeOnly: true, Run.Channel.Departure(restore.Binding.At, here));
            return;
        }
        FullyQualifiedTeid Teid(GtpInterface iface, Endpoint node) => new(iface, GtpTeids.Bearer(ue), node);
        var context = contexts[ue.Index] = new UeContext(ue)
        {
            Enb = enb, Enodeb = Run.Directory.AccessRouters[enb], Location = layout.LocationOf(enb), Procedure = restore.Procedure,
            Sgw = sgw, NewSgw = sgw, Pgw = pgw, Paa = Prefix64.Delegated(pgw, ue.Index),
            SgwControl = Teid(GtpInterface.S11Sgw, Endpoint.Anchor(sgw)), SgwUser = Teid(GtpInterface.S1uSgw, Endpoint.Anchor(sgw)),
            PgwControl = Teid(GtpInterface.S5S8cPgw, Endpoint.Anchor(pgw)), PgwUser = Teid(GtpInterface.S5S8uPgw, Endpoint.Anchor(pgw)),
            EnbUser = Teid(GtpInterface.S1uEnodeB, Endpoint.AccessRouter(enb)),
        };
        var local = breakout switch { LocalBreakout.Sipto => sgw, LocalBreakout.Lipa => layout.LocalGatewayOf(enb), _ => -1 };
        if (local < 0) return;
        (context.LocalGateway, context.NamedLocalGateway, context.LocalPaa) = (local, local, Prefix64.Delegated(local, ue.Index));
        (context.LocalControl, context.LocalUser) = (Teid(GtpInterface.S5S8cPgw, Endpoint.Anchor(local)), Teid(GtpInterface.S5S8uPgw, Endpoint.Anchor(local)));
    }
}
