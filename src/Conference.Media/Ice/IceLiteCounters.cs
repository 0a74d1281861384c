namespace Conference.Media.Ice;

/// <summary>Snapshot of why STUN traffic was answered or dropped, for metrics.</summary>
public readonly record struct IceLiteCounters(
    long BindingRequestsAnswered,
    long RoleConflicts,
    long UnknownAttributes,
    long Malformed,
    long UnknownUsername,
    long BadIntegrity,
    long NotRequest);
