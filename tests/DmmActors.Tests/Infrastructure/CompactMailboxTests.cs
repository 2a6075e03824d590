using Akka.Actor;
using Akka.Dispatch.MessageQueues;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bootstrap;
using DmmActors.Emulation;
using Xunit;

namespace DmmActors.Tests.Infrastructure;

public class CompactMailboxTests() : TestKit(DmmSystem.BaseConfig())
{
    static Envelope Numbered(int n) => new(n, ActorRefs.NoSender);

    static List<int> Drain(IMessageQueue queue)
    {
        var taken = new List<int>();
        while (queue.TryDequeue(out var e)) taken.Add((int)e.Message);
        return taken;
    }

    [Fact]
    public void Messages_leave_in_the_order_they_came_through_growth_and_wrap_around()
    {
        var queue = new CompactMessageQueue();
        Assert.False(queue.HasMessages);
        var expected = new List<int>();
        int next = 0;
        // Take some out between puts, so the queue empties and refills at every length.
        for (int round = 0; round < 40; round++)
        {
            for (int i = 0; i < round % 7 + 1; i++) { queue.Enqueue(ActorRefs.Nobody, Numbered(next)); expected.Add(next++); }
            Assert.Equal(expected.Count, queue.Count);
            if (queue.TryDequeue(out var first)) Assert.Equal(expected[0], (int)first.Message);
            expected.RemoveAt(0);
        }
        Assert.Equal(expected, Drain(queue));
        Assert.False(queue.HasMessages);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_burst_is_taken_out_whole_and_the_queue_serves_again_after_it()
    {
        var queue = new CompactMessageQueue();
        for (int i = 0; i < 1000; i++) queue.Enqueue(ActorRefs.Nobody, Numbered(i));
        Assert.Equal(Enumerable.Range(0, 1000), Drain(queue));
        queue.Enqueue(ActorRefs.Nobody, Numbered(7));
        Assert.Equal([7], Drain(queue));
    }

    [Fact]
    public async Task Each_senders_messages_keep_their_order_when_senders_race()
    {
        var queue = new CompactMessageQueue();
        const int Senders = 4, Each = 20_000;
        var taken = new List<int>(Senders * Each);
        var producers = Enumerable.Range(0, Senders).Select(s => Task.Run(() =>
        {
            for (int i = 0; i < Each; i++) queue.Enqueue(ActorRefs.Nobody, Numbered(s * Each + i));
        })).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var consumer = Task.Run(() =>
        {
            while (taken.Count < Senders * Each && DateTime.UtcNow < deadline)
                if (queue.TryDequeue(out var e)) taken.Add((int)e.Message);
                else Thread.Yield();
        });
        await Task.WhenAll(producers);
        await consumer;
        Assert.Equal(Senders * Each, taken.Count);

        for (int s = 0; s < Senders; s++)
            Assert.Equal(Enumerable.Range(s * Each, Each), taken.Where(n => n / Each == s));
    }

    [Fact]
    public void What_a_stopped_actor_leaves_goes_to_the_dead_letters()
    {
        var queue = new CompactMessageQueue();
        var deadLetters = new CompactMessageQueue();
        for (int i = 0; i < 5; i++) queue.Enqueue(ActorRefs.Nobody, Numbered(i));
        queue.CleanUp(ActorRefs.Nobody, deadLetters);
        Assert.False(queue.HasMessages);
        Assert.Equal(Enumerable.Range(0, 5), Drain(deadLetters));
    }

    [Fact]
    public void A_mobile_node_gets_it_and_an_actor_that_asks_for_none_keeps_Akkas()
    {
        var node = Sys.ActorOf(Props.Create(() => new Echo()).WithMailbox(CompactMailbox.ConfigPath), "node");
        var other = Sys.ActorOf(Props.Create(() => new Echo()), "other");
        for (int i = 0; i < 100; i++) node.Tell(i, TestActor);
        for (int i = 0; i < 100; i++) ExpectMsg(i);
        // Answered, so started: its cell is in place to be read.
        other.Tell(-1, TestActor);
        ExpectMsg(-1);
        Assert.IsType<CompactMessageQueue>(QueueOf(node));
        Assert.IsType<UnboundedMessageQueue>(QueueOf(other));
        Assert.Equal(CompactMailbox.ConfigPath, MobileNodeActor.Props(TestRuns.Context(TestRuns.Scenario("pmipv6", mobileNodes: 1)), new MnIdentifier(0)).Mailbox);
    }

    [Fact]
    public async Task Bursts_told_from_many_threads_are_all_taken_in_with_none_left_waiting()
    {
        // A message left in the queue while its mailbox went idle would wait for the next one: each round's last message has none after it.
        var counter = Sys.ActorOf(Props.Create(() => new Counter()).WithMailbox(CompactMailbox.ConfigPath), "counter");
        for (int round = 1; round <= 200; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                for (int i = 0; i < 5; i++) counter.Tell(1);
            })));
            Assert.Equal(round * 20, await counter.Ask<int>(Counter.Read, TimeSpan.FromSeconds(5)));
        }
    }

    sealed class Counter : UntypedActor
    {
        public static readonly object Read = new();
        int count;

        protected override void OnReceive(object message)
        {
            if (ReferenceEquals(message, Read)) Sender.Tell(count);
            else count += (int)message;
        }
    }

    static IMessageQueue QueueOf(IActorRef actor) => ((ActorCell)((ActorRefWithCell)actor).Underlying).Mailbox.MessageQueue;

    sealed class Echo : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message);
    }
}
