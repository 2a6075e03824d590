using DmmActors.Addressing;

namespace DmmActors.Bindings;

public enum BindingState : byte
{
    Active,
    /// <summary>De-registered, waiting out MinDelayBeforeBCEDelete (RFC 5213 §5.3.5).</summary>
    DeregistrationPending,
}

/// <summary>
/// A binding cache entry (RFC 6275 §9.1, extended by RFC 5213 §5.1): the home prefix, the
/// care-of address (the MAG's proxy-CoA in PMIPv6), sequence number, timestamp and lifetime.
/// </summary>
public readonly record struct BindingCacheEntry(
    MnIdentifier MnId,
    Prefix64 Prefix,
    int CareOf,
    ushort SequenceNumber,
    ModelTime Timestamp,
    ModelTime Lifetime,
    ModelTime RegisteredAt,
    ModelTime ExpiresAt,
    BindingState State)
{
    public bool IsExpiredAt(ModelTime now) => now > ExpiresAt;
    public bool ForwardsAt(ModelTime now) => State == BindingState.Active && !IsExpiredAt(now);
}
