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
/// takes a lock; idle, it holds one empty node.
/// </summary>
/// <remarks>
/// Whether it holds messages is read from the tail, never from the links. Akka's producer enqueues
/// and then reads the mailbox's status without a fence of its own; its consumer marks the mailbox
/// idle (a CAS) and then asks <see cref="HasMessages"/>. The tail's swap is a full fence before the
/// producer's read, so one of the two sees the other: a link, a plain store, could still sit in
/// the producer's store buffer while both read, and the message would wait for the next one. A
/// consumer that finds the tail moved but the link not yet made waits the few instructions for it.
/// </remarks>
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

    public bool HasMessages => !ReferenceEquals(Volatile.Read(ref tail), Volatile.Read(ref head));

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
            if (ReferenceEquals(Volatile.Read(ref tail), head))
            {
                envelope = default;
                return false;
            }
            var wait = new SpinWait();
            while ((next = Volatile.Read(ref head.Next)) is null) wait.SpinOnce();
        }
        envelope = next.Envelope;
        // The taken node stays as the new head; its envelope is let go so the message is not kept alive.
        next.Envelope = default;
        Volatile.Write(ref head, next);
        Interlocked.Decrement(ref count);
        return true;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }
}
