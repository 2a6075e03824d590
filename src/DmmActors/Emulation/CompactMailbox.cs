using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace DmmActors.Emulation;

/// <summary>
/// The default mailbox of every actor that asks for no other semantics (a persistent actor's
/// stash still gets Akka's deque-based one). Akka's unbounded mailbox is a ConcurrentQueue,
/// whose first segment holds 32 envelopes: about 1,090 bytes per actor before any message
/// arrives, the largest single part of an idle emulated node. This queue holds the envelopes
/// in a ring sized for what arrives.
/// </summary>
public sealed class CompactMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CompactMessageQueue>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}

/// <summary>
/// A multi-producer, single-consumer queue of envelopes under a monitor: a node's mailbox
/// is seldom contended, and an uncontended monitor costs less than the memory a lock-free
/// segment keeps.
/// </summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    /// <summary>The ring a node's mailbox starts with: a request and its answer's timer seldom meet a third message.</summary>
    const int InitialCapacity = 2;
    /// <summary>A ring this large, once emptied, is given back: a burst should not keep its memory for the rest of the run.</summary>
    const int ReleasedWhenEmptyFrom = 256;

    Envelope[]? ring;
    int head;
    int count;

    public bool HasMessages => Volatile.Read(ref count) > 0;

    public int Count => Volatile.Read(ref count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (this)
        {
            if (ring is null) ring = new Envelope[InitialCapacity];
            else if (count == ring.Length) Grow();
            ring[(head + count) & (ring.Length - 1)] = envelope;
            Volatile.Write(ref count, count + 1);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (this)
        {
            if (count == 0)
            {
                envelope = default;
                return false;
            }
            envelope = ring![head];
            ring[head] = default;
            head = (head + 1) & (ring.Length - 1);
            Volatile.Write(ref count, count - 1);
            if (count == 0 && ring.Length >= ReleasedWhenEmptyFrom)
            {
                ring = null;
                head = 0;
            }
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }

    void Grow()
    {
        var larger = new Envelope[ring!.Length * 2];
        for (int i = 0; i < count; i++) larger[i] = ring[(head + i) & (ring.Length - 1)];
        ring = larger;
        head = 0;
    }
}
