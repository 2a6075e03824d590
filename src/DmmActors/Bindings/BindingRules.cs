using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Bindings;

/// <summary>How an anchor orders registrations for the same node.</summary>
public enum RegistrationOrdering : byte
{
    /// <summary>By the Timestamp option, since MAGs do not share sequence numbers (RFC 5213 §5.5).</summary>
    Timestamp,
    /// <summary>By sequence number, modulo 2^16 (RFC 6275 §9.5.1).</summary>
    SequenceNumber,
}

/// <summary>The rules an anchor's location server applies; they differ between PMIPv6 and MIPv6.</summary>
public sealed record BindingRules(
    RegistrationOrdering Ordering,
    ModelTime MaxLifetime,
    ModelTime DeleteDelay,
    BindingStatus UnknownNodeStatus)
{
    /// <summary>RFC 5213 §9: MinDelayBeforeBCEDelete defaults to 10000 ms.</summary>
    public static readonly ModelTime MinDelayBeforeBceDelete = ModelTime.FromMilliseconds(10_000);

    public static BindingRules ProxyMobileIpv6(ModelTime maxLifetime) =>
        new(RegistrationOrdering.Timestamp, maxLifetime, MinDelayBeforeBceDelete, BindingStatus.NotLmaForThisMobileNode);

    /// <summary>RFC 6275 §10.3.2: the home agent deletes the entry when the de-registration is accepted.</summary>
    public static BindingRules MobileIpv6(ModelTime maxLifetime) =>
        new(RegistrationOrdering.SequenceNumber, maxLifetime, ModelTime.Zero, BindingStatus.NotHomeAgentForThisMobileNode);

    /// <summary>RFC 6275 §9.5.1: "less than" for sequence numbers is computed modulo 2^16.</summary>
    public static bool SequenceNewer(ushort candidate, ushort current) =>
        candidate != current && (ushort)(candidate - current) < 0x8000;
}
