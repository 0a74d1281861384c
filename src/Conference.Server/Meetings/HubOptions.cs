namespace Conference.Server.Meetings;

/// <summary>"Conference:Hub": connection limits and liveness of the conference hub (docs/operations.md).</summary>
public sealed class ConferenceHubOptions
{
    public const string Section = "Conference:Hub";

    /// <summary>Open hub connections one account may hold on one gateway; one more is refused with a clear error.</summary>
    public int MaxConnectionsPerUser { get; set; } = 20;

    /// <summary>
    /// The largest message a client may send, in bytes (SignalR's default is 32 KB). A subscriber answer carries one
    /// m-section per subscribed track, and a browser's repeats its ICE and DTLS attributes in each (~0.5–1 KB): with
    /// 32 KB a room of ~20 publishers closed every subscriber's connection at its answer. 1 MiB holds ~500 tracks.
    /// </summary>
    public long MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>How often the server pings every client.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A client not heard from (no message, no ping) for this long is dropped, whether or not it ever pinged.</summary>
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
