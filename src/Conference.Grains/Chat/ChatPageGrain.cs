using Conference.Chat;

namespace Conference.Grains.Chat;

[GenerateSerializer, Alias("conference.ChatPageState")]
public sealed record ChatPageState
{
    [Id(0)] public List<ChatMessage> Messages { get; init; } = [];
}

/// <summary>One page of a chat's history; only the newest page is written often.</summary>
[Placement.RequiresRole("core")]
public sealed class ChatPageGrain(
    [PersistentState("chatPage", StorageNames.Store)] IPersistentState<ChatPageState> state) : Grain, IChatPageGrain
{
    public Task<IReadOnlyList<ChatMessage>> Read() => Task.FromResult<IReadOnlyList<ChatMessage>>(state.State.Messages);

    public async Task Put(ChatMessage message)
    {
        var messages = state.State.Messages;
        var index = messages.FindIndex(m => m.Sequence == message.Sequence);
        if (index >= 0) messages[index] = message;
        else messages.Add(message);
        await state.WriteStateAsync();
    }
}
