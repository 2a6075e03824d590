using DmmActors.Configuration;
using DmmActors.Persistence;
using Xunit;

namespace DmmActors.Tests.Persistence;

/// <summary>Which partition an anchor's events go to: stable across processes and machines, and spread.</summary>
public class JournalPartitionsTests
{
    [Fact]
    public void The_partition_is_a_fixed_function_of_the_persistence_id()
    {
        // Values pinned, computed apart as FNV-1a over the id's UTF-16LE bytes (3068610426 for
        // "run-x/anchor-0"): a change of hash would send a resumed run's anchors to the wrong file.
        Assert.Equal(0, JournalPartitions.Of("run-a/anchor-0", 1));
        Assert.Equal((int)(3068610426u % 61), JournalPartitions.Of("run-x/anchor-0", 61));
        Assert.Equal(JournalPartitions.Of("run-20261128T074218Z-98c2ed/anchor-7", 8), JournalPartitions.Of("run-20261128T074218Z-98c2ed/anchor-7", 8));
        Assert.Equal([2, 3, 0, 1, 2, 3, 0, 1],
            Enumerable.Range(0, 8).Select(a => JournalPartitions.Of(PersistenceIds.Anchor("run-x", a), 4)).ToArray());
    }

    [Fact]
    public void Anchors_spread_evenly_over_the_partitions()
    {
        foreach (var partitions in new[] { 2, 3, 4, 16 })
        {
            var counts = new int[partitions];
            for (int a = 0; a < 1600; a++) counts[JournalPartitions.Of(PersistenceIds.Anchor("run-20261128T074218Z-98c2ed", a), partitions)]++;
            var mean = 1600.0 / partitions;
            Assert.All(counts, c => Assert.InRange(c, mean * 0.8, mean * 1.2));
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("four")]
    [InlineData("-2")]
    public void A_partition_count_out_of_range_is_refused_with_its_name(string value)
    {
        var error = Assert.Throws<InputError>(() => JournalPartitions.Parse(value, "--partitions"));
        Assert.Equal($"--partitions = {value}: must be a whole number from 1 to 64, or auto (the core count)", error.Message);
    }

    /// <summary>The error names auto as a value, so the option takes it as the config file does.</summary>
    [Fact]
    public void Auto_is_the_core_count_on_the_command_line_as_in_the_config()
    {
        Assert.Equal(Math.Min(Environment.ProcessorCount, 64), JournalPartitions.Parse("auto", "--partitions"));
        Assert.Equal(JournalPartitions.Parse("auto", "--partitions"), JournalPartitions.Default);
    }

    [Fact]
    public void Partition_zero_is_the_journal_file_and_the_others_sit_beside_it()
    {
        Assert.Equal("/data/journal.db", SqliteJournal.PartitionPath("/data/journal.db", 0));
        Assert.Equal("/data/journal.p3.db", SqliteJournal.PartitionPath("/data/journal.db", 3));
    }
}
