namespace Conference.Common;

/// <summary>One page of a list; <see cref="NextCursor"/> is null on the last page.</summary>
[Immutable, GenerateSerializer, Alias("conference.Page`1")]
public sealed record Page<T>([property: Id(0)] IReadOnlyList<T> Items, [property: Id(1)] string? NextCursor);

/// <summary>A page request as the catalogs understand it; the cursor is opaque to callers.</summary>
[Immutable, GenerateSerializer, Alias("conference.PageRequest")]
public sealed record PageRequest([property: Id(0)] int Limit, [property: Id(1)] string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}
