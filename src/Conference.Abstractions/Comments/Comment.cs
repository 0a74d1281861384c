namespace Conference.Comments;

/// <summary>A comment on a task; the text is Markdown, stored as written.</summary>
[Immutable, GenerateSerializer, Alias("conference.Comment")]
public sealed record Comment(
    [property: Id(0)] string Id,
    [property: Id(1)] string TaskId,
    [property: Id(2)] string AuthorId,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] long Version) : Common.IVersioned;

[Immutable, GenerateSerializer, Alias("conference.CommentInput")]
public sealed record CommentInput([property: Id(0)] string? Text);
