using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace DmmActors.Emulation;

/// <summary>
/// The mobile nodes' mailbox. Akka's unbounded mailbox is a ConcurrentQueue, whose first segment
/// holds 32 envelopes: about 1,090 bytes per actor before any message arrives, the largest single
/// part of an idle emulated node. This queue holds one node per message waiting, and one when idle.
/// Routers and anchors keep Akka's: it allocates nothing per message, and they are few.
/// </summary>
public sealed class CompactMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CompactMessageQueue>
{
    /// <summary>Where akka.conf declares it.</summary>
    public const string ConfigPath = "akka.dmm-node-mailbox";

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}

/// <summary>
/// A multi-producer, single-consumer queue of envelopes as a linked list (Vyukov's MPSC queue):
/// a producer swaps itself in as the tail and then links the old tail to it, so neither side
/// takes a lock; idle, it holds one empty node. Between the swap and the link the consumer sees
/// the queue empty, which is safe in Akka: the producer schedules the mailbox only after linking.
/// </summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    sealed class Node(Envelope envelope)
    {
        public Envelope Envelope = envelope;
        public Node? Next;
    }

    /// <summary>The node last taken (or the first, empty one): what comes next hangs off it.</summary>
    Node head;
    Node tail;
    int count;

    public CompactMessageQueue() => head = tail = new Node(default);

    public bool HasMessages => Volatile.Read(ref head.Next) is not null;

    public int Count => Volatile.Read(ref count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        var node = new Node(envelope);
        Interlocked.Increment(ref count);
        var previous = Interlocked.Exchange(ref tail, node);
        Volatile.Write(ref previous.Next, node);
    }

    public bool TryDequeue(out Envelope envelope)
    {
        var next = Volatile.Read(ref head.Next);
        if (next is null)
        {
            envelope = default;
            return false;
        }
        envelope = next.Envelope;
        // The taken node stays as the new head; its envelope is let go so the message is not kept alive.
        next.Envelope = default;
        head = next;
        Interlocked.Decrement(ref count);
        return true;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }
}
