using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>
/// RFC 5213 §6.9.4 for a MAG or MAAR: which PBUs still expect a PBA, and when an unanswered
/// one is due again. Kept only where messages can be lost (<see cref="RunContext.SignallingTimeout"/>);
/// elsewhere every PBU counts as awaited and nothing is sent twice.
/// </summary>
public sealed class PbuRetransmission(RunContext run)
{
    /// <summary>A PBU that expects a PBA: to which anchor, and how many times it was sent before.</summary>
    public sealed record Unanswered(ProxyBindingUpdate Pbu, int Anchor, int Attempts);

    /// <summary>By node, the prefix the PBA will name, and sequence number.</summary>
    readonly AwaitedAnswers<(int Mn, ulong Prefix, ushort Sequence), Unanswered> unanswered = new(run);

    /// <summary>
    /// The prefix a PBA for this PBU names: the one asked for, or the one the anchor delegates;
    /// none known where the anchor may assign the node to another LMA, whose pool it is then (RFC 6463 §5.3).
    /// </summary>
    static Prefix64 Answering(ProxyBindingUpdate pbu, int anchor) =>
        !pbu.HomeNetworkPrefix.IsNone ? pbu.HomeNetworkPrefix
        : pbu.RedirectCapability ? Prefix64.None
        : Prefix64.Delegated(anchor, pbu.MnId.Index);

    public void Sent(ProxyBindingUpdate pbu, int anchor, int attempts) =>
        unanswered.Sent((pbu.MnId.Index, Answering(pbu, anchor).Bits, pbu.SequenceNumber), new Unanswered(pbu, anchor, attempts));

    /// <summary>
    /// Whether a PBA answers a PBU still awaited. One for a PBU already sent again answers a
    /// sequence number no longer awaited; a refusal names no prefix, so the sequence number decides.
    /// </summary>
    public bool Answered(ProxyBindingAcknowledgement pba)
    {
        if (!unanswered.Kept) return true;
        if (unanswered.Answered((pba.MnId.Index, pba.HomeNetworkPrefix.Bits, pba.SequenceNumber))
            || unanswered.Answered((pba.MnId.Index, Prefix64.None.Bits, pba.SequenceNumber))) return true;
        if (!pba.HomeNetworkPrefix.IsNone) return false;
        var key = unanswered.Keys.FirstOrDefault(k => k.Mn == pba.MnId.Index && k.Sequence == pba.SequenceNumber);
        return key != default && unanswered.Answered(key);
    }

    /// <summary>Stops sending again whatever awaits an answer for <paramref name="mn"/>.</summary>
    public void Forget(MnIdentifier mn) => unanswered.Forget(key => key.Mn == mn.Index);

    /// <summary>Takes out the PBUs unanswered for longer than the timeout.</summary>
    public IReadOnlyList<Unanswered> Overdue() => unanswered.TakeOverdue();

    /// <summary>The model time to send it again: InitMinDelayBetweenPBUs after the last, doubling up to MaxDelayBetweenPBUs.</summary>
    public static ModelTime NextAttempt(Unanswered u) => RetransmissionBackoff.ProxyBindingUpdate.After(u.Pbu.SentAt, u.Attempts);
}
