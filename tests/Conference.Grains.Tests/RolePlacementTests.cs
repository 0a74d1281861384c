using System.Net;
using Conference.Grains.Placement;

namespace Conference.Grains.Tests;

public sealed class RolePlacementTests
{
    private static readonly SiloAddress Core = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress Sfu = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);
    private static readonly SiloAddress Both = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11113), 1);

    private static readonly (SiloAddress, IReadOnlyDictionary<string, string>)[] Cluster =
    [
        (Core, new Dictionary<string, string> { ["role.core"] = "true", ["role.sfu"] = "false" }),
        (Sfu, new Dictionary<string, string> { ["role.core"] = "false", ["role.sfu"] = "true" }),
        (Both, new Dictionary<string, string> { ["role.core"] = "true", ["role.sfu"] = "true" }),
    ];

    [Fact]
    public void Only_silos_with_the_role_are_candidates()
    {
        Assert.Equal([Core, Both], RolePlacementFilterDirector.Select("core", Cluster));
        Assert.Equal([Sfu, Both], RolePlacementFilterDirector.Select("sfu", Cluster));
    }

    [Fact]
    public void A_cluster_without_roles_places_anywhere_but_one_with_roles_never_falls_back()
    {
        var unlabelled = new (SiloAddress, IReadOnlyDictionary<string, string>)[] { (Core, new Dictionary<string, string>()), (Sfu, new Dictionary<string, string>()) };
        var sfuOnly = Cluster.Where(s => s.Item1 == Sfu).ToArray();

        Assert.Equal([Core, Sfu], RolePlacementFilterDirector.Select("core", unlabelled));
        Assert.Empty(RolePlacementFilterDirector.Select("core", sfuOnly));
    }
}
