using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Scenarios;

/// <summary>The attacks on the signalling a scenario mounts (dmm.scenario.attacks), each off with messages = 0.</summary>
public enum AttackKind : byte
{
    /// <summary>A MAG with no security association of the domain sends PBUs for nodes it does not serve, each naming a real MAG as proxy care-of address.</summary>
    RogueMag,
    /// <summary>PBUs captured on the MAG–LMA links, played back later with their authentication intact.</summary>
    ReplayedPbu,
    /// <summary>Context transfers to an anchor that claim to come from another (RFC 4067 §6 has only authorised routers send them).</summary>
    ForgedCtd,
    /// <summary>One node floods home agents with BUs for other nodes' home addresses, under its own security association.</summary>
    BuFlood,
    /// <summary>PBUs captured on the MAG–LMA links, sent on at once with their protocol state altered and their authentication as it was.</summary>
    TamperedPbu,
    /// <summary>PBUs relayed in the name of an LMA of the domain, as an rfLMA relays a new session to the LMA it assigned (RFC 6463 §5.3.2), under a key of the forger's own.</summary>
    ForgedRelay,
}

/// <summary>One attack: how many messages, spaced how far apart in model time (or, for a replay, played back how long after capture).</summary>
public sealed record AttackPlan(AttackKind Kind, int Messages, ModelTime Spacing, int Node = 0);

public sealed record AttackSettings(IReadOnlyList<AttackPlan> Plans)
{
    public static readonly AttackSettings None = new([]);

    public bool Any => Plans.Any(p => p.Messages > 0);

    /// <summary>By the plans, in order: a scenario read back from its resolved text is the same scenario.</summary>
    public bool Equals(AttackSettings? other) => other is not null && Plans.SequenceEqual(other.Plans);

    public override int GetHashCode() => Plans.Aggregate(0, (h, p) => HashCode.Combine(h, p));

    /// <summary>The attack's key in dmm.scenario.attacks and its name in the report.</summary>
    public static string Name(AttackKind kind) => kind switch
    {
        AttackKind.RogueMag => "rogue-mag",
        AttackKind.ReplayedPbu => "replayed-pbu",
        AttackKind.ForgedCtd => "forged-ctd",
        AttackKind.TamperedPbu => "tampered-pbu",
        AttackKind.ForgedRelay => "forged-relay",
        _ => "bu-flood",
    };

    /// <summary>Whether the attack works on PBUs copied off the MAG–LMA links rather than on messages of its own making.</summary>
    public static bool Listens(AttackKind kind) => kind is AttackKind.ReplayedPbu or AttackKind.TamperedPbu;

    /// <summary>The signalling an attack forges, which the practice must exchange for the attack to apply.</summary>
    public static SignalType Forges(AttackKind kind) => kind switch
    {
        AttackKind.RogueMag or AttackKind.ReplayedPbu or AttackKind.TamperedPbu or AttackKind.ForgedRelay => SignalType.ProxyBindingUpdate,
        AttackKind.ForgedCtd => SignalType.ContextTransferData,
        _ => SignalType.BindingUpdate,
    };
}
