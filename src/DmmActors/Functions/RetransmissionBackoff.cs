using DmmActors.Addressing;

namespace DmmActors.Functions;

/// <summary>
/// When an unanswered message goes again, in model time: an initial interval that doubles with
/// each attempt up to a ceiling. The RFCs give the pair (RFC 5213 §6.9.4 for PBUs, RFC 6275
/// §11.8 for BUs, RFC 7559 §2 for RSs); the doubling is the same for all.
/// </summary>
public readonly record struct RetransmissionBackoff(ModelTime Initial, ModelTime Max)
{
    /// <summary>RFC 5213 §12: InitMinDelayBetweenPBUs 1 s, MaxDelayBetweenPBUs 32 s.</summary>
    public static readonly RetransmissionBackoff ProxyBindingUpdate = new(ModelTime.FromSeconds(1), ModelTime.FromSeconds(32));

    /// <summary>The interval after <paramref name="attempts"/> earlier sends.</summary>
    public ModelTime Interval(int attempts)
    {
        var interval = Initial;
        for (int i = 0; i < attempts && interval < Max; i++) interval = interval * 2;
        return interval < Max ? interval : Max;
    }

    /// <summary>
    /// The interval spread over [1, 2) times itself by <paramref name="draw"/> in [0, 1): the RFCs'
    /// delays are minimums, and clients refused together must not all come back together.
    /// </summary>
    public ModelTime Jittered(int attempts, double draw) => Interval(attempts) + ModelTime.FromSeconds(Interval(attempts).Seconds * draw);

    /// <summary>
    /// The back-off after a 130 (Insufficient resources), jittered by a draw of the run's own:
    /// from its seed, the client's stream, the node, its procedure and the attempt, so the same
    /// run backs off the same way.
    /// </summary>
    public ModelTime AfterRefusal(ulong seed, ulong stream, int mobileNode, int procedure, int attempts) =>
        Jittered(attempts, new Randomness.SplitMix64(Randomness.SplitMix64.Mix(seed ^ stream, mobileNode) ^ (ulong)(procedure * 64 + attempts)).NextDouble());

    /// <summary>When a message last sent at <paramref name="sentAt"/>, after <paramref name="attempts"/> earlier sends, goes again.</summary>
    public ModelTime After(ModelTime sentAt, int attempts) => sentAt + Interval(attempts);
}
