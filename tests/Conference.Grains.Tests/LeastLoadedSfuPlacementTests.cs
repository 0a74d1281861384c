using System.Net;
using Conference.Grains.Placement;

namespace Conference.Grains.Tests;

public sealed class LeastLoadedSfuPlacementTests
{
    private static readonly SiloAddress A = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress B = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);

    private static Dictionary<string, int> Loads(int a, int b) => new() { [A.ToParsableString()] = a, [B.ToParsableString()] = b };

    [Fact]
    public void The_silo_forwarding_the_least_gets_the_new_room()
    {
        Assert.Equal(B, LeastLoadedSfuPlacementDirector.Choose([A, B], Loads(12, 3), new Dictionary<string, int>(), new Random(1)));
        Assert.Equal(A, LeastLoadedSfuPlacementDirector.Choose([A, B], Loads(0, 3), new Dictionary<string, int>(), new Random(1)));
    }

    [Fact]
    public void Placements_since_the_last_report_count_so_a_burst_spreads()
    {
        var placed = new Dictionary<string, int> { [B.ToParsableString()] = 10 };
        Assert.Equal(A, LeastLoadedSfuPlacementDirector.Choose([A, B], Loads(5, 0), placed, new Random(1)));
    }

    [Fact]
    public void A_silo_that_never_reported_counts_as_idle_and_ties_go_either_way()
    {
        Assert.Equal(B, LeastLoadedSfuPlacementDirector.Choose([A, B], new Dictionary<string, int> { [A.ToParsableString()] = 1 }, new Dictionary<string, int>(), new Random(1)));
        var seen = Enumerable.Range(0, 64).Select(i => LeastLoadedSfuPlacementDirector.Choose([A, B], Loads(2, 2), new Dictionary<string, int>(), new Random(i))).ToHashSet();
        Assert.Equal(2, seen.Count);
    }
}
