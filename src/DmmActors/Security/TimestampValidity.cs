using DmmActors.Addressing;

namespace DmmActors.Security;

/// <summary>
/// RFC 5213 §5.5: with the Timestamp option, an LMA takes a PBU only if its timestamp is within
/// TimestampValidityWindow of its own clock, so a PBU captured on the wire cannot be played back
/// later; one outside is refused with 156 (TIMESTAMP_MISMATCH), the PBA carrying the LMA's time.
/// The LMA's clock is the model time the PBU arrives; the MAGs' clocks are the same model clock.
/// </summary>
public static class TimestampValidity
{
    public static bool Within(ModelTime timestamp, ModelTime lmaClock, ModelTime window) =>
        (timestamp > lmaClock ? timestamp - lmaClock : lmaClock - timestamp) <= window;
}
