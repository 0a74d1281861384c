namespace Conference.Chat;

[Immutable, GenerateSerializer, Alias("conference.ChatAuthor")]
public sealed record ChatAuthor([property: Id(0)] string UserId, [property: Id(1)] string Name);

/// <summary>
/// One chat message of a room. <see cref="Sequence"/> is the order the room accepted it in (1, 2, 3 …); clients
/// use it to drop duplicates and to notice gaps, which <c>since</c> fills.
/// </summary>
[Immutable, GenerateSerializer, Alias("conference.ChatMessage")]
public sealed record ChatMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] string RoomId,
    [property: Id(2)] long Sequence,
    [property: Id(3)] ChatAuthor Author,
    [property: Id(4)] string Text,
    [property: Id(5)] DateTimeOffset SentAt,
    [property: Id(6)] DateTimeOffset? EditedAt,
    [property: Id(7)] bool Deleted,
    [property: Id(8)] string? ReplyTo);

[Immutable, GenerateSerializer, Alias("conference.ChatInput")]
public sealed record ChatInput([property: Id(0)] string? Text, [property: Id(1)] string? ReplyTo = null);

/// <summary>Message ids are the sequence number in text: opaque to clients, cheap to locate in the paged history.</summary>
public static class ChatMessageIds
{
    public static string Of(long sequence) => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParse(string? id, out long sequence) =>
        long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence) && sequence > 0;
}
