namespace Conference.Server.LiveUpdates;

/// <summary>
/// How a listening can end without the client asking: <see cref="StillAllowed"/> is asked at every renewal; when it
/// answers false the connection stops listening and receives <see cref="EventName"/> with <see cref="Payload"/>.
/// </summary>
public sealed record LiveRevocation(Func<Task<bool>> StillAllowed, string EventName, object Payload);

/// <summary>"Conference:LiveUpdates".</summary>
public sealed class LiveUpdatesOptions
{
    public const string Section = "Conference:LiveUpdates";

    /// <summary>How often each gateway renews its feed subscriptions and rechecks its connections' access.</summary>
    public TimeSpan Renewal { get; set; } = TimeSpan.FromMinutes(1);
}
