using Conference.Media;
using Conference.Server.Auth;

namespace Conference.Server.Api;

/// <summary>
/// An SFU silo as operators see it: its id (the silo name; the pod name in Kubernetes), its measured load, and whether it
/// is full (takes no new rooms), draining, or silent (stopped reporting: killed, or stopping).
/// </summary>
public sealed record SfuSilo(string Id, string Silo, int Rooms, int Forwarded, long EgressBitsPerSecond, double CpuPercent,
    double Utilization, bool Full, bool Draining, bool Silent)
{
    public static SfuSilo From(SfuLoad load) => new(load.Name, load.Silo, load.Rooms, load.Forwarded, load.EgressBitsPerSecond,
        load.CpuPercent, Math.Round(load.Utilization, 4), load.Full, load.Draining, load.Silent);
}

/// <summary>Operators (admins only): the SFU silos and their loads; draining one before it is stopped.</summary>
public static class SilosApi
{
    public static RouteGroupBuilder MapSilosApi(this RouteGroupBuilder api)
    {
        var silos = api.MapGroup("/admin/silos").WithTags("Operations");
        silos.MapGet("/", async (HttpContext http, IGrainFactory grains) =>
                UserPolicy.CanManage(Caller.From(http)) ?? TypedResults.Ok(await List(grains)))
            .WithName("ListSfuSilos").Produces<SfuSilo[]>().ProducesProblem(StatusCodes.Status403Forbidden);

        silos.MapPost("/{id}/drain", async (HttpContext http, string id, IGrainFactory grains) =>
            {
                if (UserPolicy.CanManage(Caller.From(http)) is { } forbidden) return forbidden;
                if ((await List(grains)).FirstOrDefault(s => s.Id == id) is not { } silo) return Problems.NotFound("Silo", id);
                await grains.GetGrain<ISiloGrain>(silo.Silo).Drain();
                return TypedResults.Accepted($"/api/admin/silos", silo with { Draining = true });
            })
            .WithName("DrainSfuSilo").Produces<SfuSilo>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<SfuSilo[]> List(IGrainFactory grains) =>
        (await grains.GetGrain<ISfuLoadGrain>("all").Get()).Values.OrderBy(l => l.Name, StringComparer.Ordinal).Select(SfuSilo.From).ToArray();
}
