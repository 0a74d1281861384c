namespace Conference.Common;

/// <summary>Either a value or a <see cref="ResourceError"/>; grains return this across the wire.</summary>
[Immutable, GenerateSerializer, Alias("conference.Result`1")]
public sealed record Result<T>([property: Id(0)] T? Value, [property: Id(1)] ResourceError? Error)
{
    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(ResourceError error) => new(default, error);
}
