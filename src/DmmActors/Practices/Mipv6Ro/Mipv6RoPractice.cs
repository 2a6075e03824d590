using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mipv6Ro;

/// <summary>
/// MIPv6 with route optimisation (RFC 6275 §5.2, §9, §11.6, §11.7.2; draft §4.2.1): the home
/// registration of mipv6-bt, then return routability and a binding update to each correspondent,
/// which keeps a binding cache and sends to the care-of address with a type 2 routing header.
/// </summary>
public sealed class Mipv6RoPractice : HostBasedPractice
{
    public override string Name => "mipv6-ro";
    public override string Title => "Mobile IPv6, route optimisation (return routability), several HAs";
    public override string Reference => "RFC 6275 §5.2, §9.3–§9.5, §11.6, §11.7.2; draft §4.2.1";
    public override int CatalogueOrder => 35;

    public override MobileNodeParts Compose(IMobileNodeHost node) => new(new RouteOptimisingClient(node), ConnectionManager);

    public override ICorrespondentComponent? Compose(ICorrespondentHost correspondent) => new CorrespondentBindingCache(correspondent);

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) => [new HomeAgentRelay(anchor)];

    static readonly IReadOnlySet<SignalType> AllSignalling =
        HostSignallingAnd(SignalType.HomeTestInit, SignalType.CareOfTestInit, SignalType.HomeTest, SignalType.CareOfTest);

    public override IReadOnlySet<SignalType> Signals => AllSignalling;
}
