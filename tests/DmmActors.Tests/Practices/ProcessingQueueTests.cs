using DmmActors.Addressing;
using DmmActors.Topology;
using Xunit;

namespace DmmActors.Tests.Practices;

/// <summary>A node's processor in model time: service times, waits, servers, and the calendar that takes messages out of order.</summary>
public class ProcessingQueueTests
{
    static ModelTime Us(long us) => new(us);

    [Fact]
    public void Messages_that_arrive_together_at_one_server_are_served_one_after_the_other()
    {
        var queue = new ProcessingQueue(1, null);
        Assert.Equal(Us(10), queue.Serve(Us(0), Us(10)));
        Assert.Equal(Us(20), queue.Serve(Us(0), Us(10)));
        Assert.Equal(Us(30), queue.Serve(Us(0), Us(10)));
        // Once the queue has drained, a message waits for nothing.
        Assert.Equal(Us(110), queue.Serve(Us(100), Us(10)));
        Assert.Equal(4, queue.Load.Messages);
        Assert.Equal(40, queue.Load.BusyMicroseconds);
        Assert.Equal(30, queue.Load.WaitedMicroseconds);
        Assert.Equal(20, queue.Load.MaxWaitMicroseconds);
    }

    [Fact]
    public void Two_servers_take_two_messages_at_once_and_the_third_waits()
    {
        var queue = new ProcessingQueue(2, null);
        Assert.Equal(Us(10), queue.Serve(Us(0), Us(10)));
        Assert.Equal(Us(10), queue.Serve(Us(0), Us(10)));
        Assert.Equal(Us(20), queue.Serve(Us(0), Us(10)));
    }

    [Fact]
    public void A_message_that_comes_late_with_an_earlier_model_time_takes_the_time_the_server_had_free()
    {
        var queue = new ProcessingQueue(1, null);
        Assert.Equal(Us(110), queue.Serve(Us(100), Us(10)));
        // Free from 95 to 100, busy to 110: 5 µs before, 5 after, so it waited the 10 µs the other took.
        Assert.Equal(Us(115), queue.Serve(Us(95), Us(10)));
        // Nothing is booked before 95: served at once.
        Assert.Equal(Us(60), queue.Serve(Us(50), Us(10)));
        Assert.Equal(10, queue.Load.MaxWaitMicroseconds);
    }

    [Fact]
    public void A_service_longer_than_the_calendars_buckets_is_booked_across_them()
    {
        var queue = new ProcessingQueue(1, null);
        Assert.Equal(Us(35_000), queue.Serve(Us(5_000), Us(30_000)));
        Assert.Equal(Us(65_000), queue.Serve(Us(9_999), Us(30_000)));
        Assert.Equal(Us(70_000), queue.Serve(Us(64_000), Us(5_000)));
    }

    [Fact]
    public void The_busy_time_and_the_last_departure_do_not_depend_on_the_order_messages_reach_the_node()
    {
        var rng = new Random(7);
        var arrivals = Enumerable.Range(0, 400).Select(_ => (At: (long)rng.Next(0, 200_000), Service: (long)rng.Next(100, 900))).ToArray();
        var inOrder = new ProcessingQueue(1, null);
        var fifoLast = arrivals.OrderBy(a => a.At).Max(a => inOrder.Serve(Us(a.At), Us(a.Service)).Microseconds);
        for (int trial = 0; trial < 5; trial++)
        {
            var shuffled = new ProcessingQueue(1, null);
            var last = arrivals.OrderBy(_ => rng.Next()).Max(a => shuffled.Serve(Us(a.At), Us(a.Service)).Microseconds);
            Assert.Equal(fifoLast, last);
            Assert.Equal(inOrder.Load.BusyMicroseconds, shuffled.Load.BusyMicroseconds);
        }
        // Demand of about 0.5 on average: some messages waited, none of them for long.
        Assert.InRange(inOrder.Load.WaitedMicroseconds, 1, 400 * 10_000);
    }

    [Fact]
    public void Waits_fall_in_quarter_octave_buckets_whose_top_bounds_them()
    {
        foreach (var wait in new long[] { 1, 2, 3, 4, 5, 7, 8, 9, 1_000, 1_023, 1_024, 5_000_000 })
        {
            var k = ProcessingLoad.Bucket(wait);
            Assert.True(wait < ProcessingLoad.BucketTop(k), $"{wait} µs in bucket {k} below {ProcessingLoad.BucketTop(k)}");
            Assert.True(k == 0 || wait >= ProcessingLoad.BucketTop(k - 1), $"{wait} µs in bucket {k} above {ProcessingLoad.BucketTop(k - 1)}");
        }
        Assert.True(ProcessingLoad.BucketTop(40) / (double)ProcessingLoad.BucketTop(39) <= 1.25);
    }

    [Fact]
    public void A_server_busy_across_a_second_boundary_is_counted_in_both_seconds_and_never_above_one()
    {
        var queue = new ProcessingQueue(1, null);
        // 3,000 messages of 500 µs from 0.5 s on, all at once: busy without a break from 0.5 s to 2 s.
        for (int i = 0; i < 3_000; i++) queue.Serve(Us(500_000), Us(500));
        Assert.Equal(1_000_000, queue.Load.PeakBusyPerSecond);
        var record = queue.Load.Record(Endpoint.Anchor(0));
        Assert.Equal(1.0, record.PeakUtilisation);
        Assert.Equal(1.0, record.Utilisation);
        // Waits of 0 to 1.4995 s: the median about 0.75 s, the histogram's p99 no more than the exact max.
        var wait = DmmActors.Reports.QueueSummary.WaitMs([record]);
        Assert.InRange(wait.P50, 750, 750 * 1.25);
        Assert.Equal(1_499.5, wait.Max);
        Assert.True(wait.P99 <= wait.Max);
    }

    [Fact]
    public void A_storm_queue_forgets_busy_time_far_behind_its_latest_arrival()
    {
        var queue = new ProcessingQueue(1, ModelTime.FromSeconds(1));
        for (int i = 0; i < 5_000; i++) queue.Serve(Us(i * 1_000L), Us(600));
        // 5 s later than the first arrivals, a message at time 0 finds nothing booked there any more.
        Assert.Equal(Us(600), queue.Serve(Us(0), Us(600)));
    }
}
