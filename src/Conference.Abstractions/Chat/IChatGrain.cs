using Conference.Common;

namespace Conference.Chat;

/// <summary>
/// A room's chat (key: room id). Messages are stored in pages of <see cref="IChatPageGrain"/>, so the full history
/// is kept without holding it in memory; accepted messages are pushed through the room's gateway observers.
/// </summary>
[Alias("conference.IChatGrain")]
public interface IChatGrain : IGrainWithStringKey
{
    [Alias("Send")] Task<Result<ChatMessage>> Send(ChatAuthor author, ChatInput input);
    [Alias("Edit")] Task<Result<ChatMessage>> Edit(string userId, string messageId, ChatInput input);

    /// <param name="moderator">The room's host or an admin, who may delete anyone's message.</param>
    [Alias("Delete")] Task<Result<ChatMessage>> Delete(string userId, bool moderator, string messageId);

    /// <summary>Newest first; the cursor continues with older messages.</summary>
    [Alias("History")] Task<Page<ChatMessage>> History(PageRequest page);

    /// <summary>Every message after <paramref name="messageId"/> (at most 1 000), oldest first: what a reconnecting client missed.</summary>
    [Alias("Since")] Task<Result<IReadOnlyList<ChatMessage>>> Since(string messageId);

    /// <summary>One message by id (deleted ones too, with their text removed).</summary>
    [Alias("Get")] Task<Result<ChatMessage>> Get(string messageId);

    [Alias("MarkRead")] Task<Result<long>> MarkRead(string userId, string messageId);
    [Alias("ReadMarkers")] Task<IReadOnlyDictionary<string, long>> ReadMarkers();
}

/// <summary>Up to <see cref="Size"/> consecutive messages of a room's chat (key: "roomId/pageIndex").</summary>
[Alias("conference.IChatPageGrain")]
public interface IChatPageGrain : IGrainWithStringKey
{
    public const int Size = 100;

    public static string Key(string roomId, long pageIndex) => $"{roomId}/{pageIndex}";

    [Alias("Read")] Task<IReadOnlyList<ChatMessage>> Read();
    [Alias("Put")] Task Put(ChatMessage message);
}
