using Conference.Auth;

namespace Conference.Grains.Auth;

[GenerateSerializer, Alias("conference.SetupState")]
public sealed record SetupState
{
    [Id(0)] public string? FirstAccountId { get; init; }
}

[Placement.RequiresRole("core")]
public sealed class SetupGrain(
    [PersistentState("setup", StorageNames.Store)] IPersistentState<SetupState> state) : Grain, ISetupGrain
{
    public Task<bool> HasFirstAccount() => Task.FromResult(state.State.FirstAccountId is not null);

    public async Task<bool> ClaimFirstAccount(string userId)
    {
        if (state.State.FirstAccountId is not null) return state.State.FirstAccountId == userId;
        state.State = new SetupState { FirstAccountId = userId };
        await state.WriteStateAsync();
        return true;
    }
}
