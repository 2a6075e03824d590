using DmmActors.Addressing;

namespace DmmActors.Multicast;

/// <summary>
/// A multicast router's downstream membership over model time: for each group, which access
/// router (and tunnel) joined when and left when. The data plane runs after the walks, so each
/// packet is matched against the membership at the model time it passes.
/// </summary>
public sealed class MembershipLog
{
    readonly Dictionary<int, Dictionary<(int Router, int Tunnel), List<(ModelTime From, ModelTime To)>>> byGroup = new();
    static readonly ModelTime Open = new(long.MaxValue);

    public void Join(int group, int router, int tunnel, ModelTime at)
    {
        var intervals = Intervals(group, router, tunnel);
        if (intervals.Count > 0 && intervals[^1].To == Open) return;
        intervals.Add((at, Open));
    }

    public void Leave(int group, int router, int tunnel, ModelTime at)
    {
        var intervals = Intervals(group, router, tunnel);
        if (intervals.Count == 0 || intervals[^1].To != Open) return;
        var from = intervals[^1].From;
        intervals[^1] = (from, at > from ? at : from);
    }

    public IEnumerable<(int Router, int Tunnel)> MembersAt(int group, ModelTime at)
    {
        if (!byGroup.TryGetValue(group, out var members)) yield break;
        foreach (var (member, intervals) in members)
            foreach (var (from, to) in intervals)
                if (from <= at && at < to)
                {
                    yield return member;
                    break;
                }
    }

    List<(ModelTime From, ModelTime To)> Intervals(int group, int router, int tunnel)
    {
        if (!byGroup.TryGetValue(group, out var members)) byGroup[group] = members = new();
        if (!members.TryGetValue((router, tunnel), out var intervals)) members[(router, tunnel)] = intervals = new();
        return intervals;
    }
}
