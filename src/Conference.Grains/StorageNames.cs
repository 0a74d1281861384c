namespace Conference.Grains;

/// <summary>The one grain-storage provider name; hosting decides whether it is files or PostgreSQL.</summary>
public static class StorageNames
{
    public const string Store = "store";
}
