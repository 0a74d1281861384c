namespace Conference.Media.Ice;

/// <summary>RFC 8445 §5.1.2.1 candidate priority.</summary>
public static class IceCandidatePriority
{
    public const int HostTypePreference = 126;
    public const int PeerReflexiveTypePreference = 110;
    public const int ServerReflexiveTypePreference = 100;
    public const int RelayedTypePreference = 0;

    public static uint Compute(int typePreference, int localPreference = 65535, int componentId = 1) =>
        ((uint)typePreference << 24) | ((uint)localPreference << 8) | (uint)(256 - componentId);
}
