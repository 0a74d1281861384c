namespace Conference.Auth;

/// <summary>
/// Counts failed logins for one account (key: normalized email) across all gateways; after too many in the
/// window, further attempts are refused until it passes.
/// </summary>
[Alias("conference.ILoginGuardGrain")]
public interface ILoginGuardGrain : IGrainWithStringKey
{
    /// <summary>How long the caller must wait before trying again, or null when an attempt is allowed.</summary>
    [Alias("RetryAfter")] Task<TimeSpan?> RetryAfter();
    [Alias("RecordFailure")] Task RecordFailure();
    [Alias("RecordSuccess")] Task RecordSuccess();
}

/// <summary>Hands out "first account becomes admin" exactly once per cluster (key: <see cref="Key"/>).</summary>
[Alias("conference.ISetupGrain")]
public interface ISetupGrain : IGrainWithStringKey
{
    public const string Key = "setup";

    /// <summary>True for the first caller only, ever.</summary>
    [Alias("ClaimFirstAccount")] Task<bool> ClaimFirstAccount(string userId);

    [Alias("HasFirstAccount")] Task<bool> HasFirstAccount();
}
