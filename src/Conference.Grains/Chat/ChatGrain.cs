using Conference.Chat;
using Conference.Common;
using Conference.Grains.Observability;
using Conference.Rooms;

namespace Conference.Grains.Chat;

[GenerateSerializer, Alias("conference.ChatState")]
public sealed record ChatState
{
    /// <summary>Index of the newest page; the next sequence number is found by reading it.</summary>
    [Id(0)] public long NewestPage { get; init; }
    [Id(1)] public Dictionary<string, long> ReadMarkers { get; init; } = new(StringComparer.Ordinal);
}

[Placement.RequiresRole("core")]
public sealed class ChatGrain(
    [PersistentState("chat", StorageNames.Store)] IPersistentState<ChatState> state,
    TimeProvider time) : Grain, IChatGrain
{
    public const int MaxText = 4_000;
    private const int MaxSince = 1_000;

    private readonly Dictionary<string, SendRate> _senders = new(StringComparer.Ordinal);
    private long _nextSequence;

    private string RoomId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var newest = await Page(state.State.NewestPage).Read();
        _nextSequence = newest.Count == 0 ? state.State.NewestPage * IChatPageGrain.Size + 1 : newest.Max(m => m.Sequence) + 1;
    }

    public async Task<Result<ChatMessage>> Send(ChatAuthor author, ChatInput input)
    {
        if (Validate(input) is { } invalid) return invalid;
        if (!Limiter(author.UserId).TryTake())
            return new ResourceError(ErrorKind.RateLimited, "You are sending messages too fast; wait a moment.");
        if (input.ReplyTo is { } replyTo && (!ChatMessageIds.TryParse(replyTo, out var target) || target >= _nextSequence))
            return ResourceError.Invalid("replyTo", "'replyTo' must be the id of a message in this room.");

        var sequence = _nextSequence;
        var message = new ChatMessage(ChatMessageIds.Of(sequence), RoomId, sequence, author, input.Text!.Trim(), time.GetUtcNow(), null, false, input.ReplyTo);
        var pageIndex = PageOf(sequence);
        await Page(pageIndex).Put(message);
        _nextSequence++;
        if (pageIndex != state.State.NewestPage)
        {
            state.State = state.State with { NewestPage = pageIndex };
            await state.WriteStateAsync();
        }
        ConferenceMetrics.RecordCreated("chat_message");
        await Room.Broadcast(new RoomEvent(RoomId, RoomEventTypes.ChatMessage, Message: message));
        return message;
    }

    public async Task<Result<ChatMessage>> Edit(string userId, string messageId, ChatInput input)
    {
        if (await Find(messageId) is not { } message) return ResourceError.NotFound("Message", messageId);
        if (message.Author.UserId != userId) return new ResourceError(ErrorKind.Forbidden, "You can only edit your own messages.");
        if (message.Deleted) return ResourceError.Conflict("The message was deleted.");
        if (Validate(input) is { } invalid) return invalid;
        var edited = message with { Text = input.Text!.Trim(), EditedAt = time.GetUtcNow() };
        await Page(PageOf(edited.Sequence)).Put(edited);
        await Room.Broadcast(new RoomEvent(RoomId, RoomEventTypes.ChatMessageEdited, Message: edited));
        return edited;
    }

    public async Task<Result<ChatMessage>> Delete(string userId, bool moderator, string messageId)
    {
        if (await Find(messageId) is not { } message) return ResourceError.NotFound("Message", messageId);
        if (message.Author.UserId != userId && !moderator) return new ResourceError(ErrorKind.Forbidden, "You can only delete your own messages.");
        if (message.Deleted) return message;
        var deleted = message with { Text = "", Deleted = true, EditedAt = time.GetUtcNow() };
        await Page(PageOf(deleted.Sequence)).Put(deleted);
        await Room.Broadcast(new RoomEvent(RoomId, RoomEventTypes.ChatMessageDeleted, Message: deleted));
        return deleted;
    }

    public async Task<Page<ChatMessage>> History(PageRequest page)
    {
        // The cursor is the sequence to continue below (exclusive).
        var before = PageCursor.TryDecode(page.Cursor, out var cursor) && cursor > 0 ? Math.Min(cursor, _nextSequence) : _nextSequence;
        var items = new List<ChatMessage>(page.Limit);
        for (var pageIndex = PageOf(before - 1); pageIndex >= 0 && items.Count < page.Limit && before > 1; pageIndex--)
        {
            var messages = await Page(pageIndex).Read();
            items.AddRange(messages.Where(m => m.Sequence < before).OrderByDescending(m => m.Sequence).Take(page.Limit - items.Count));
        }
        var oldest = items.Count > 0 ? items[^1].Sequence : 1;
        return new Page<ChatMessage>(items, items.Count == page.Limit && oldest > 1 ? PageCursor.Encode(oldest) : null);
    }

    public async Task<Result<IReadOnlyList<ChatMessage>>> Since(string messageId)
    {
        if (!ChatMessageIds.TryParse(messageId, out var after) || after >= _nextSequence)
            return ResourceError.Invalid("since", "'since' must be the id of a message in this room.");
        var result = new List<ChatMessage>();
        for (var pageIndex = PageOf(after + 1); pageIndex <= state.State.NewestPage && result.Count < MaxSince; pageIndex++)
            result.AddRange((await Page(pageIndex).Read()).Where(m => m.Sequence > after).OrderBy(m => m.Sequence));
        return result.Take(MaxSince).ToList();
    }

    public async Task<Result<long>> MarkRead(string userId, string messageId)
    {
        if (!ChatMessageIds.TryParse(messageId, out var sequence) || sequence >= _nextSequence)
            return ResourceError.Invalid("messageId", "'messageId' must be the id of a message in this room.");
        if (state.State.ReadMarkers.GetValueOrDefault(userId) >= sequence) return sequence;
        state.State.ReadMarkers[userId] = sequence;
        await state.WriteStateAsync();
        return sequence;
    }

    public Task<IReadOnlyDictionary<string, long>> ReadMarkers() =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>(state.State.ReadMarkers));

    private static ResourceError? Validate(ChatInput input)
    {
        var text = input.Text?.Trim();
        if (string.IsNullOrEmpty(text)) return ResourceError.Invalid("text", "'text' must not be empty.");
        if (text.Length > MaxText) return ResourceError.Invalid("text", $"'text' must be at most {MaxText} characters.");
        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
            return ResourceError.Invalid("text", "'text' must not contain control characters.");
        return null;
    }

    public async Task<Result<ChatMessage>> Get(string messageId) =>
        await Find(messageId) is { } message ? message : ResourceError.NotFound("Message", messageId);

    private async Task<ChatMessage?> Find(string messageId)
    {
        if (!ChatMessageIds.TryParse(messageId, out var sequence) || sequence >= _nextSequence) return null;
        return (await Page(PageOf(sequence)).Read()).FirstOrDefault(m => m.Sequence == sequence);
    }

    // 10 messages a second, bursts of 20, per sender.
    private SendRate Limiter(string userId)
    {
        if (!_senders.TryGetValue(userId, out var limiter))
            _senders[userId] = limiter = new SendRate(time);
        return limiter;
    }

    private static long PageOf(long sequence) => Math.Max(0, sequence - 1) / IChatPageGrain.Size;

    private IChatPageGrain Page(long index) => GrainFactory.GetGrain<IChatPageGrain>(IChatPageGrain.Key(RoomId, index));

    private IRoomGrain Room => GrainFactory.GetGrain<IRoomGrain>(RoomId);
}
