using System.Diagnostics.Metrics;

namespace Conference.Grains.Observability;

/// <summary>Our own instruments, exported with the Orleans and ASP.NET Core meters at /metrics.</summary>
public static class ConferenceMetrics
{
    public const string MeterName = "Conference";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Created = Meter.CreateCounter<long>("conference.resources.created", description: "Resources created");
    private static readonly Counter<long> Updated = Meter.CreateCounter<long>("conference.resources.updated", description: "Resources updated");
    private static readonly Counter<long> Deleted = Meter.CreateCounter<long>("conference.resources.deleted", description: "Resources deleted");
    private static readonly Counter<long> CatalogRepairs = Meter.CreateCounter<long>("conference.catalog.repairs", description: "Catalog entries resolved by probing their owner");

    private static readonly Counter<long> PasswordHashes = Meter.CreateCounter<long>("conference.auth.password_hashes", description: "PBKDF2 derivations (hashing and verification)");
    private static readonly Counter<long> Logins = Meter.CreateCounter<long>("conference.auth.logins", description: "Login attempts by outcome");

    private static readonly Counter<long> MediaRouterFailures = Meter.CreateCounter<long>("conference.rooms.media_router_failures",
        description: "Room grain calls to the room's media router that failed (by exception type); signaling went on without media");

    private static readonly Counter<long> RoutersMoved = Meter.CreateCounter<long>("conference.rooms.media_routers_moved",
        description: "Rooms whose media router was re-created on another SFU silo, by reason (failure: its silo stopped answering; drain)");

    private static readonly Counter<long> RoutersKept = Meter.CreateCounter<long>("conference.rooms.media_routers_kept",
        description: "Media moves not made or given up: the room kept its router, by reason (no_other_sfu_silo; move_failed)");

    private static readonly Counter<long> HubRefusals = Meter.CreateCounter<long>("conference.hub.connections_closed",
        description: "Hub connections the server closed or refused, by reason (account_changed, per_user_limit, client_timeout)");

    public static void RecordHubConnectionClosed(string reason) => HubRefusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void RecordMediaRouterFailure(string error) => MediaRouterFailures.Add(1, new KeyValuePair<string, object?>("error", error));

    public static void RecordRouterMoved(string reason) => RoutersMoved.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void RecordRouterKept(string reason) => RoutersKept.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void RecordPasswordHash() => PasswordHashes.Add(1);
    public static void RecordLogin(string outcome) => Logins.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void RecordCreated(string resource) => Created.Add(1, new KeyValuePair<string, object?>("resource", resource));
    public static void RecordUpdated(string resource) => Updated.Add(1, new KeyValuePair<string, object?>("resource", resource));
    public static void RecordDeleted(string resource) => Deleted.Add(1, new KeyValuePair<string, object?>("resource", resource));
    public static void RecordCatalogRepair(string catalog) => CatalogRepairs.Add(1, new KeyValuePair<string, object?>("catalog", catalog));
}
