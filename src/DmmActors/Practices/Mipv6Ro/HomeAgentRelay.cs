using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mipv6Ro;

/// <summary>
/// The home agent's part of return routability (RFC 6275 §5.2.5, §10.4.1): a HoTI reverse-tunnelled
/// from the node is sent on to the correspondent, and a HoT to the home address is tunnelled to
/// the care-of address its binding cache holds. Counted once, when first sent (RunContext.Relay).
/// </summary>
public sealed class HomeAgentRelay : IAnchorComponent
{
    readonly RunContext run;
    readonly IAnchorHost host;
    Endpoint Here => Endpoint.Anchor(host.Index);

    public HomeAgentRelay(IAnchorHost host)
    {
        (this.host, run) = (host, host.Run);
        host.Handle<HomeTestInit>((hoti, node) =>
            run.Signalling.Relay(run.Directory.Correspondents[hoti.Correspondent], Endpoint.Correspondent(hoti.Correspondent), hoti, node, host.Self, Here));
        host.Handle<HomeTest>(OnHomeTest);
    }

    void OnHomeTest(HomeTest hot, IActorRef correspondent)
    {
        // A HoT for a home address with no binding here has nowhere to go (§10.4.1): it is dropped.
        if (!host.Cache.TryRoute(hot.HomePrefix, hot.ArrivesAt, out var careOf)) return;
        run.Signalling.Relay(run.Directory.MobileNodes[hot.MnId.Index], Endpoint.MobileNode(hot.MnId, careOf), hot, correspondent, host.Self, Here);
    }

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;
    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;
    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
