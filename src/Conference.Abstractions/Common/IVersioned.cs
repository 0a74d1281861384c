namespace Conference.Common;

/// <summary>A resource with an optimistic-concurrency version (the REST ETag).</summary>
public interface IVersioned
{
    long Version { get; }
}
