namespace Conference.Attachments;

/// <summary>
/// A file attached to a task. The bytes live in the attachment store under <c>{TaskId}/{Id}</c>; this is what the
/// task's attachments grain keeps about them. <see cref="ContentType"/> is sniffed from the bytes, never taken from
/// the uploader.
/// </summary>
[Immutable, GenerateSerializer, Alias("conference.Attachment")]
public sealed record Attachment(
    [property: Id(0)] string Id,
    [property: Id(1)] string TaskId,
    [property: Id(2)] string FileName,
    [property: Id(3)] string ContentType,
    [property: Id(4)] long Size,
    [property: Id(5)] string Sha256,
    [property: Id(6)] string UploadedBy,
    [property: Id(7)] DateTimeOffset UploadedAt);
