namespace Conference.Media.Ice;

/// <summary>How the controlling agent nominates (RFC 8445 §8.1.1; aggressive is from RFC 5245).</summary>
public enum IceNomination
{
    /// <summary>Checks run without USE-CANDIDATE, then the best valid pair is re-checked with it.</summary>
    Regular,

    /// <summary>Every check carries USE-CANDIDATE; the first pair to succeed is selected.</summary>
    Aggressive,
}
