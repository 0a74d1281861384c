using Conference.Chat;

namespace Conference.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ChatGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private IChatGrain NewChat() => _grains.GetGrain<IChatGrain>(ResourceIds.New());

    [Fact]
    public async Task History_pages_newest_first_across_storage_pages_and_since_returns_exactly_the_gap()
    {
        var chat = NewChat();
        for (var i = 1; i <= 250; i++)
            Assert.True((await chat.Send(new ChatAuthor($"user{i % 15}", "U"), new ChatInput($"message {i}"))).IsSuccess);

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await chat.History(new PageRequest(100, cursor));
            seen.AddRange(page.Items.Select(m => m.Sequence));
            cursor = page.NextCursor;
        } while (cursor is not null);
        var gap = (await chat.Since(ChatMessageIds.Of(240))).Value!;

        Assert.Equal(Enumerable.Range(1, 250).Reverse().Select(i => (long)i), seen);
        Assert.Equal(Enumerable.Range(241, 10).Select(i => $"message {i}"), gap.Select(m => m.Text));
        Assert.Equal(ErrorKind.Invalid, (await chat.Since("999")).Error?.Kind);
    }

    [Fact]
    public async Task Authors_edit_their_own_messages_and_moderators_delete_any()
    {
        var chat = NewChat();
        var mine = (await chat.Send(new ChatAuthor("ann", "Ann"), new ChatInput("  hello  "))).Value!;
        var reply = (await chat.Send(new ChatAuthor("bob", "Bob"), new ChatInput("hi", mine.Id))).Value!;

        var edited = await chat.Edit("ann", mine.Id, new ChatInput("hello all"));
        var notMine = await chat.Edit("bob", mine.Id, new ChatInput("hijack"));
        var notModerator = await chat.Delete("ann", false, reply.Id);
        var moderated = await chat.Delete("host", true, reply.Id);

        Assert.Equal("hello", mine.Text);
        Assert.Equal(mine.Id, reply.ReplyTo);
        Assert.Equal("hello all", edited.Value!.Text);
        Assert.NotNull(edited.Value.EditedAt);
        Assert.Equal(ErrorKind.Forbidden, notMine.Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, notModerator.Error?.Kind);
        Assert.True(moderated.Value!.Deleted);
        Assert.Equal("", moderated.Value.Text);
        var history = (await chat.History(new PageRequest(10, null))).Items;
        Assert.Equal(["", "hello all"], history.Select(m => m.Text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bell\u0007")]
    public async Task Bad_text_is_refused_and_takes_no_sequence_number(string text)
    {
        var chat = NewChat();

        var refused = await chat.Send(new ChatAuthor("cy", "Cy"), new ChatInput(text));
        var next = await chat.Send(new ChatAuthor("cy", "Cy"), new ChatInput("ok"));

        Assert.Equal(["text"], refused.Error!.Fields!.Keys);
        Assert.Equal(1, next.Value!.Sequence);
    }

    [Fact]
    public async Task Over_long_text_and_unknown_reply_targets_are_refused()
    {
        var chat = NewChat();

        var tooLong = await chat.Send(new ChatAuthor("dee", "Dee"), new ChatInput(new string('x', 4_001)));
        var badReply = await chat.Send(new ChatAuthor("dee", "Dee"), new ChatInput("x", "42"));

        Assert.Equal(["text"], tooLong.Error!.Fields!.Keys);
        Assert.Equal(["replyTo"], badReply.Error!.Fields!.Keys);
    }

    [Fact]
    public async Task A_fast_sender_is_limited_without_losing_anyone_elses_messages()
    {
        var chat = NewChat();
        using var pinned = ManualClock.Instance.Pin(DateTimeOffset.UtcNow); // a slow machine must not refill the bucket mid-burst

        var burst = new List<Result<ChatMessage>>();
        for (var i = 0; i < 30; i++) burst.Add(await chat.Send(new ChatAuthor("fast", "F"), new ChatInput($"spam {i}")));
        var other = await chat.Send(new ChatAuthor("calm", "C"), new ChatInput("still here"));

        var accepted = burst.Where(r => r.IsSuccess).Select(r => r.Value!.Sequence).ToList();
        Assert.InRange(accepted.Count, 20, 29);
        Assert.All(burst.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorKind.RateLimited, r.Error!.Kind));
        Assert.Equal(Enumerable.Range(1, accepted.Count).Select(i => (long)i), accepted);
        Assert.Equal(accepted.Count + 1, other.Value!.Sequence);
    }

    [Fact]
    public async Task Read_markers_only_move_forward()
    {
        var chat = NewChat();
        for (var i = 0; i < 3; i++) await chat.Send(new ChatAuthor("eve", "E"), new ChatInput($"m{i}"));

        await chat.MarkRead("fay", ChatMessageIds.Of(3));
        await chat.MarkRead("fay", ChatMessageIds.Of(1));

        Assert.Equal(3, (await chat.ReadMarkers())["fay"]);
        Assert.Equal(ErrorKind.Invalid, (await chat.MarkRead("fay", "7")).Error?.Kind);
    }
}
