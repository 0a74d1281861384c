using Conference.Comments;

namespace Conference.Grains.Comments;

[GenerateSerializer, Alias("conference.TaskCommentsState")]
public sealed record TaskCommentsState
{
    /// <summary>Sequence numbers are never reused, so a cursor (the last sequence served) survives deletions.</summary>
    [Id(0)] public long NextSequence { get; init; } = 1;

    [Id(1)] public List<CommentEntry> Entries { get; init; } = [];
}

[GenerateSerializer, Alias("conference.CommentEntry")]
public sealed record CommentEntry([property: Id(0)] long Sequence, [property: Id(1)] Comment Comment);
