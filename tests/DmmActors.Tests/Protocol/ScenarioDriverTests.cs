using Akka.Actor;
using Akka.TestKit.Xunit2;
using DmmActors.Bootstrap;
using DmmActors.Control;
using Xunit;

namespace DmmActors.Tests.Protocol;

[Collection("actors")]
public class ScenarioDriverTests() : TestKit(TestRuns.InMemoryJournal)
{
    [Fact]
    public async Task A_stopped_anchor_fails_the_run_instead_of_leaving_it_waiting()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6-multi-lma", mobileNodes: 2));
        for (int a = 0; a < run.Directory.Anchors.Length; a++) run.Directory.Anchors[a] = CreateTestProbe($"anchor-{a}").Ref;
        var nodes = Enumerable.Range(0, 2).Select(i => CreateTestProbe($"mn-{i}")).ToArray();
        for (int i = 0; i < nodes.Length; i++) run.Directory.MobileNodes[i] = nodes[i].Ref;
        var done = new TaskCompletionSource();
        var driver = Sys.ActorOf(ScenarioDriver.Props(run, done), "driver");

        driver.Tell(new ScenarioDriver.Begin());
        foreach (var node in nodes) node.ExpectMsg<StartMobility>();
        Sys.Stop(run.Directory.Anchors[1]);

        var failure = await Assert.ThrowsAsync<RunFailed>(() => done.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("anchor-1 stopped during the run", failure.Message);
    }

    [Fact]
    public async Task When_every_walk_is_over_the_location_clients_extend_their_bindings_to_the_end()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6", mobileNodes: 1));
        run.Directory.Anchors[0] = CreateTestProbe("anchor-0").Ref;
        var node = CreateTestProbe("mn-0");
        run.Directory.MobileNodes[0] = node.Ref;
        var mags = Enumerable.Range(0, run.Directory.AccessRouters.Length).Select(r => CreateTestProbe($"ar-{r}")).ToArray();
        for (int r = 0; r < mags.Length; r++) run.Directory.AccessRouters[r] = mags[r].Ref;
        var done = new TaskCompletionSource();
        var driver = Sys.ActorOf(ScenarioDriver.Props(run, done), "driver");

        driver.Tell(new ScenarioDriver.Begin());
        node.ExpectMsg<StartMobility>();
        driver.Tell(new MobilityFinished(new Addressing.MnIdentifier(0), Addressing.ModelTime.FromSeconds(1)));
        foreach (var mag in mags)
        {
            Assert.Equal(Addressing.ModelTime.FromSeconds(1), mag.ExpectMsg<ExtendBindings>().Until);
            Assert.False(done.Task.IsCompleted);
            mag.Reply(BindingsExtended.Instance);
        }
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
