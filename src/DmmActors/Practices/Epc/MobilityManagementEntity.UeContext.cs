using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

public sealed partial class MobilityManagementEntity
{
    /// <summary>A UE's context: where it is, who serves it, and the step of its procedure under way.</summary>
    sealed class UeContext(MnIdentifier ue)
    {
        public MnIdentifier Ue { get; } = ue;
        public int Enb { get; set; } = -1;
        public IActorRef Enodeb { get; set; } = ActorRefs.Nobody;
        public UserLocation Location { get; set; }
        public ProcedureRef Procedure { get; set; }
        public Step Step { get; set; }
        /// <summary>The GTP request under way, which the response's sequence number must name.</summary>
        public uint Awaited { get; set; }
        public int Sgw { get; set; } = -1;
        public int Pgw { get; set; } = -1;
        public int NewSgw { get; set; } = -1;
        public Prefix64 Paa { get; set; }
        public FullyQualifiedTeid? EnbUser { get; set; }
        public FullyQualifiedTeid? PgwControl { get; set; }
        public FullyQualifiedTeid? PgwUser { get; set; }
        /// <summary>The SGW's S11 F-TEID from its Create Session Response: the TEID every later request to it names.</summary>
        public FullyQualifiedTeid? SgwControl { get; set; }
        /// <summary>The SGW's S1-U F-TEID, which the eNB sends uplink to.</summary>
        public FullyQualifiedTeid? SgwUser { get; set; }
        /// <summary>Path Switch Requests and Handover Requireds that came while another procedure of the UE was under way: taken in turn once it is over.</summary>
        public Queue<(S1apMessage Message, IActorRef Enb)>? Deferred { get; set; }
        /// <summary>Where the UE was before the path switch under way: kept if the switch fails.</summary>
        public (int Enb, IActorRef Enodeb, UserLocation Location) Before { get; set; }
        /// <summary>The SGW the UE left in the relocation under way, told to let it go once the procedure is over; -1 where it keeps its SGW.</summary>
        public int OldSgw { get; set; } = -1;
        public FullyQualifiedTeid? OldSgwControl { get; set; }
        /// <summary>The UE's PDN connection at a local gateway: the gateway (-1 for none), its prefix and its ends.</summary>
        public int LocalGateway { get; set; } = -1;
        public Prefix64 LocalPaa { get; set; }
        public FullyQualifiedTeid? LocalControl { get; set; }
        public FullyQualifiedTeid? LocalUser { get; set; }
        /// <summary>The L-GW the UE's HeNB named in its last S1-AP message (LIPA), and the gateway a local connection is being set up at.</summary>
        public int NamedLocalGateway { get; set; } = -1;
        public int NewLocalGateway { get; set; } = -1;
        /// <summary>Whether the local connection being set up replaces one released in this procedure.</summary>
        public bool ReplacesLocal { get; set; }
        /// <summary>The source eNB of the S1 handover under way, told to release the UE once it is over; null in an X2 handover.</summary>
        public (int Enb, IActorRef Enodeb)? S1Source { get; set; }
        /// <summary>The eNB whose Handover Required the S1 handover being prepared answers.</summary>
        public (int Enb, IActorRef Enodeb) PreparedFrom { get; set; }
    }
}
