using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

/// <summary>
/// TS 29.274 §7.6: a GTP-C request left unanswered for T3-RESPONSE is sent again with the same
/// sequence number, at most N3-REQUESTS times; then the sender gives up. Kept only where messages
/// can be lost (a cluster run, on the wall clock's signalling timeout); in one process nothing is.
/// </summary>
/// <param name="n3Requests">N3-REQUESTS: how many times a request goes again (implementation-specific; 3 unless said).</param>
public sealed class GtpRetransmission(RunContext run, Action<TimeSpan, object> scheduleToSelf, int n3Requests = 3)
{
    /// <summary>T3-RESPONSE in model time (implementation-specific; 3 s here).</summary>
    static readonly ModelTime T3Response = ModelTime.FromSeconds(3);

    /// <summary>To the sender itself: the request of <paramref name="Ue"/>'s numbered <paramref name="Sequence"/> may be overdue.</summary>
    public sealed record Deadline(int Ue, uint Sequence);

    sealed record Awaited(Func<ModelTime, Signal> Build, ModelTime SentAt, IActorRef To, Endpoint ToAt, int Attempts);

    /// <summary>By sequence number, which the sender gives each request it sends (GtpNode.NextSequence).</summary>
    readonly Dictionary<uint, Awaited> awaited = new();

    /// <summary>Sends the request <paramref name="build"/> makes for <paramref name="at"/>, and keeps it to send again.</summary>
    public void Send(int ue, uint sequence, ModelTime at, Func<ModelTime, Signal> build, IActorRef to, Endpoint toAt, IActorRef self, Endpoint here)
    {
        run.Signalling.Send(to, toAt, build(at), self, here);
        if (run.Loss.SignallingTimeout is not { } timeout) return;
        awaited[sequence] = new Awaited(build, at, to, toAt, 0);
        scheduleToSelf(timeout, new Deadline(ue, sequence));
    }

    /// <summary>The response to the request numbered <paramref name="sequence"/> came.</summary>
    public void Answered(uint sequence) => awaited.Remove(sequence);

    /// <summary>
    /// Sends the request again if it is still unanswered; false once N3-REQUESTS went unanswered,
    /// and the sender gives up at <paramref name="gaveUpAt"/> (model time: the last one's T3-RESPONSE later).
    /// </summary>
    public bool OnDeadline(Deadline deadline, IActorRef self, Endpoint here, out ModelTime gaveUpAt)
    {
        gaveUpAt = ModelTime.Zero;
        if (!awaited.TryGetValue(deadline.Sequence, out var a)) return true;
        if (a.Attempts >= n3Requests)
        {
            awaited.Remove(deadline.Sequence);
            gaveUpAt = a.SentAt + T3Response;
            return false;
        }
        var again = a with { SentAt = a.SentAt + T3Response, Attempts = a.Attempts + 1 };
        awaited[deadline.Sequence] = again;
        run.Recorder.Retransmitted();
        run.Signalling.Send(a.To, a.ToAt, a.Build(again.SentAt), self, here);
        scheduleToSelf(run.Loss.SignallingTimeout!.Value, deadline);
        return true;
    }
}
