using System.Net;
using Conference.Grains.Placement;
using Conference.Grains.Rooms;
using Conference.Media;

namespace Conference.Grains.Tests;

public sealed class LeastLoadedSfuPlacementTests
{
    private static readonly SiloAddress A = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress B = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);
    private static readonly Dictionary<string, int> NonePlaced = new();

    private static SfuLoad Load(SiloAddress silo, double utilization, bool draining = false, bool silent = false) =>
        new(silo.ToParsableString(), silo.ToString(), 1, 0, 0, 0, utilization, 0.01, draining) { Silent = silent };

    private static Dictionary<string, SfuLoad> Loads(double a, double b) =>
        new() { [A.ToParsableString()] = Load(A, a), [B.ToParsableString()] = Load(B, b) };

    [Fact]
    public void The_least_utilized_silo_gets_the_new_room()
    {
        Assert.Equal(B, LeastLoadedSfuPlacementDirector.Choose([A, B], Loads(0.12, 0.03), NonePlaced, null, new Random(1)));
        Assert.Equal(A, LeastLoadedSfuPlacementDirector.Choose([A, B], Loads(0, 0.03), NonePlaced, null, new Random(1)));
    }

    [Fact]
    public void Placements_since_the_last_report_count_so_a_burst_spreads()
    {
        var placed = new Dictionary<string, int> { [B.ToParsableString()] = 10 };
        Assert.Equal(A, LeastLoadedSfuPlacementDirector.Choose([A, B], Loads(0.05, 0), placed, null, new Random(1)));
    }

    [Fact]
    public void A_silo_that_never_reported_counts_as_idle_and_ties_go_either_way()
    {
        var onlyA = new Dictionary<string, SfuLoad> { [A.ToParsableString()] = Load(A, 0.01) };
        Assert.Equal(B, LeastLoadedSfuPlacementDirector.Choose([A, B], onlyA, NonePlaced, null, new Random(1)));
        var seen = Enumerable.Range(0, 64).Select(i => LeastLoadedSfuPlacementDirector.Choose([A, B], Loads(0.02, 0.02), NonePlaced, null, new Random(i))).ToHashSet();
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void A_full_or_draining_silo_takes_no_new_room_and_none_eligible_is_null()
    {
        var fullA = new Dictionary<string, SfuLoad> { [A.ToParsableString()] = Load(A, 1.0), [B.ToParsableString()] = Load(B, 0.9) };
        Assert.Equal(B, LeastLoadedSfuPlacementDirector.Choose([A, B], fullA, NonePlaced, null, new Random(1)));
        var drainingA = new Dictionary<string, SfuLoad> { [A.ToParsableString()] = Load(A, 0, draining: true), [B.ToParsableString()] = Load(B, 0.5) };
        Assert.Equal(B, LeastLoadedSfuPlacementDirector.Choose([A, B], drainingA, NonePlaced, null, new Random(1)));
        var bothFull = new Dictionary<string, SfuLoad> { [A.ToParsableString()] = Load(A, 1.2), [B.ToParsableString()] = Load(B, 1.0) };
        Assert.Null(LeastLoadedSfuPlacementDirector.Choose([A, B], bothFull, NonePlaced, null, new Random(1)));
    }

    [Fact]
    public void The_silo_a_rooms_media_just_left_is_avoided_even_when_idle()
    {
        Assert.Equal(B, LeastLoadedSfuPlacementDirector.Choose([A, B], Loads(0, 0.5), NonePlaced, A.ToString(), new Random(1)));
        Assert.Null(LeastLoadedSfuPlacementDirector.Choose([A], Loads(0, 0.5), NonePlaced, A.ToString(), new Random(1)));
    }

    // A room moves its media only when another SFU silo can take the router (MediaMoveDecision).

    [Fact]
    public void A_lone_sfu_silo_keeps_the_rooms_router()
    {
        Assert.False(MediaMoveDecision.AnotherSfuSilo([Load(A, 0.1)], A.ToString()));
        Assert.False(MediaMoveDecision.AnotherSfuSilo([], A.ToString()));
        Assert.False(MediaMoveDecision.AnotherSfuSilo([], null));
        // The router never answered (its silo unknown): with one SFU silo known, that is where it is.
        Assert.False(MediaMoveDecision.AnotherSfuSilo([Load(A, 0.1)], null));
    }

    [Fact]
    public void Another_silo_that_can_take_a_room_allows_a_media_move()
    {
        Assert.True(MediaMoveDecision.AnotherSfuSilo([Load(A, 0.1), Load(B, 0.9)], A.ToString()));
        Assert.True(MediaMoveDecision.AnotherSfuSilo([Load(A, 0.1, silent: true), Load(B, 0.1)], A.ToString()));
        Assert.True(MediaMoveDecision.AnotherSfuSilo([Load(A, 0.1), Load(B, 0.1)], null));
        Assert.True(MediaMoveDecision.AnotherSfuSilo([Load(A, 0.1, silent: true), Load(B, 0.1)], null));
    }

    [Fact]
    public void A_silent_silo_takes_a_new_room_only_when_no_reporting_one_can()
    {
        var loads = new Dictionary<string, SfuLoad> { [A.ToParsableString()] = Load(A, 0.0, silent: true), [B.ToParsableString()] = Load(B, 0.5) };
        Assert.Equal(B, LeastLoadedSfuPlacementDirector.Choose([A, B], loads, NonePlaced, null, new Random(1)));
        // The lone SFU silo of a starved process missed its reports: it still takes the room (Orleans says it is alive).
        var lone = new Dictionary<string, SfuLoad> { [A.ToParsableString()] = Load(A, 0.1, silent: true) };
        Assert.Equal(A, LeastLoadedSfuPlacementDirector.Choose([A], lone, NonePlaced, null, new Random(1)));
        // Still never the silo being left, nor a draining one.
        Assert.Null(LeastLoadedSfuPlacementDirector.Choose([A], lone, NonePlaced, A.ToString(), new Random(1)));
        var draining = new Dictionary<string, SfuLoad> { [A.ToParsableString()] = Load(A, 0.1, draining: true, silent: true) };
        Assert.Null(LeastLoadedSfuPlacementDirector.Choose([A], draining, NonePlaced, null, new Random(1)));
    }

    [Fact]
    public void A_full_draining_or_silent_other_silo_allows_no_media_move()
    {
        Assert.False(MediaMoveDecision.AnotherSfuSilo([Load(A, 0.1), Load(B, 1.0)], A.ToString()));
        Assert.False(MediaMoveDecision.AnotherSfuSilo([Load(A, 0.1), Load(B, 0.1, draining: true)], A.ToString()));
        Assert.False(MediaMoveDecision.AnotherSfuSilo([Load(A, 0.1), Load(B, 0.1, silent: true)], A.ToString()));
        Assert.False(MediaMoveDecision.AnotherSfuSilo([Load(A, 0.1, silent: true), Load(B, 0.1, silent: true)], null));
    }
}
