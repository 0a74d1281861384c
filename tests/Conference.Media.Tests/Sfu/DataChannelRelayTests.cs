using System.Text;
using Conference.Media.Sctp;
using Conference.Media.Sfu;

namespace Conference.Media.Tests.Sfu;

/// <summary>The relay between real SCTP associations: who receives what, on which channel, and in which form.</summary>
public sealed class DataChannelRelayTests
{
    [Fact]
    public void Broadcast_reaches_every_other_participant_on_a_channel_named_after_the_sender()
    {
        using var rig = new DataChannelRelayRig();
        RigParticipant alice = rig.Join("alice"), bob = rig.Join("bob"), carol = rig.Join("carol");

        DataChannel reliable = alice.Open("reliable");
        DataChannel lossy = alice.Open("lossy", new DataChannelOptions { Ordered = false, MaxRetransmits = 0 });
        // Sent at once: the relay opens the subscriber channels at this first message and must not lose it.
        reliable.Send("hello everyone");
        lossy.Send("position 1");

        Assert.True(rig.RunUntil(() => bob.Received.Count == 2 && carol.Received.Count == 2));
        foreach (RigParticipant other in new[] { bob, carol })
        {
            Assert.Equal("hello everyone", Assert.Single(other.On("reliable/alice")).Text);
            Assert.Equal("position 1", Assert.Single(other.On("lossy/alice")).Text);
            DataChannel fromAliceLossy = other.ChannelsReceived.Single(c => c.Label == "lossy/alice");
            Assert.Equal((false, (int?)0), (fromAliceLossy.Ordered, fromAliceLossy.MaxRetransmits));
            DataChannel fromAliceReliable = other.ChannelsReceived.Single(c => c.Label == "reliable/alice");
            Assert.Equal((true, (int?)null, (TimeSpan?)null), (fromAliceReliable.Ordered, fromAliceReliable.MaxRetransmits, fromAliceReliable.MaxPacketLifeTime));
        }
        Assert.Empty(alice.Received);
        Assert.Empty(rig.Errors);
        Assert.Equal((2, 4), (rig.Relay.Counters.MessagesReceived, rig.Relay.Counters.MessagesRelayed));
    }

    [Fact]
    public void Replies_flow_back_on_channels_named_after_each_sender_in_order()
    {
        using var rig = new DataChannelRelayRig();
        RigParticipant alice = rig.Join("alice"), bob = rig.Join("bob");
        DataChannel fromAlice = alice.Open("reliable");
        DataChannel fromBob = bob.Open("reliable");

        for (int i = 0; i < 50; i++)
        {
            fromAlice.Send($"a{i}");
            fromBob.Send($"b{i}");
        }

        Assert.True(rig.RunUntil(() => alice.Received.Count == 50 && bob.Received.Count == 50));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"a{i}"), bob.On("reliable/alice").Select(m => m.Text));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"b{i}"), alice.On("reliable/bob").Select(m => m.Text));
        // One channel per sender and kind, however many messages.
        Assert.Single(bob.ChannelsReceived);
        Assert.Single(alice.ChannelsReceived);
    }

    [Fact]
    public void A_targeted_channel_reaches_only_the_named_participant()
    {
        using var rig = new DataChannelRelayRig();
        RigParticipant alice = rig.Join("alice"), bob = rig.Join("bob"), carol = rig.Join("carol");

        alice.Open("reliable/carol").Send("for carol only");
        alice.Open("lossy/bob", new DataChannelOptions { Ordered = false, MaxRetransmits = 0 }).Send("for bob only");

        Assert.True(rig.RunUntil(() => carol.Received.Count == 1 && bob.Received.Count == 1));
        rig.RunUntil(() => false, TimeSpan.FromMilliseconds(200)); // anything misrouted would arrive meanwhile
        Assert.Equal(new RigMessage("reliable/alice", false, Encoding.UTF8.GetBytes("for carol only")), carol.Received.Single(), RigMessageComparer.Instance);
        Assert.Equal(new RigMessage("lossy/alice", false, Encoding.UTF8.GetBytes("for bob only")), bob.Received.Single(), RigMessageComparer.Instance);
        Assert.Empty(alice.Received);
        Assert.Empty(rig.Errors);
    }

    [Fact]
    public void Text_stays_text_binary_stays_binary_and_empty_messages_keep_their_kind()
    {
        using var rig = new DataChannelRelayRig();
        RigParticipant alice = rig.Join("alice"), bob = rig.Join("bob");
        DataChannel channel = alice.Open("reliable");

        channel.Send("héllo ✓");
        channel.Send(new byte[] { 0, 1, 2, 255 });
        channel.Send("");
        channel.Send(ReadOnlySpan<byte>.Empty);
        channel.Send(Encoding.UTF8.GetBytes("bytes, not text"));

        Assert.True(rig.RunUntil(() => bob.Received.Count == 5));
        Assert.Equal(
            [(false, "68C3A96C6C6F20E29C93"), (true, "000102FF"), (false, ""), (true, ""), (true, Convert.ToHexString(Encoding.UTF8.GetBytes("bytes, not text")))],
            bob.Received.Select(m => (m.Binary, Convert.ToHexString(m.Data))));
    }

    [Fact]
    public void A_200_KiB_message_arrives_intact_on_reliable_and_lossy_channels()
    {
        using var rig = new DataChannelRelayRig();
        RigParticipant alice = rig.Join("alice"), bob = rig.Join("bob");
        var big = new byte[200 * 1024];
        new Random(5).NextBytes(big);

        alice.Open("reliable").Send(big);
        // Bigger than the 64 KiB lossy bound, but an idle channel always takes one message.
        alice.Open("lossy", new DataChannelOptions { Ordered = false, MaxRetransmits = 0 }).Send(big);

        Assert.True(rig.RunUntil(() => bob.Received.Count == 2));
        Assert.Equal(big, bob.On("reliable/alice").Single().Data);
        Assert.Equal(big, bob.On("lossy/alice").Single().Data);
        Assert.True(bob.Received.All(m => m.Binary));
        Assert.Equal(2L * big.Length, rig.Relay.Counters.BytesRelayed);
    }

    [Fact]
    public void Messages_wait_for_a_subscriber_association_that_is_not_up_yet()
    {
        using var rig = new DataChannelRelayRig();
        RigParticipant alice = rig.Join("alice");
        RigParticipant bob = rig.Join("bob", connectSubscriber: false);
        DataChannel channel = alice.Open("reliable");
        for (int i = 0; i < 5; i++) channel.Send($"early {i}");
        Assert.True(rig.RunUntil(() => rig.Relay.Counters.MessagesReceived == 5));
        Assert.Empty(bob.Received);

        bob.ConnectSubscriber();

        Assert.True(rig.RunUntil(() => bob.Received.Count == 5));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"early {i}"), bob.Received.Select(m => m.Text));
    }

    [Theory]
    [InlineData("reliable/nobody", "'nobody', who is not in this room")]
    [InlineData("lossy/alice", "names its own sender")]
    [InlineData("chat", "is not one of 'reliable', 'lossy'")]
    [InlineData("reliable/", "is not one of 'reliable', 'lossy'")]
    public void A_channel_the_relay_cannot_route_is_closed_and_reported_to_its_sender(string label, string error)
    {
        using var rig = new DataChannelRelayRig();
        RigParticipant alice = rig.Join("alice"), bob = rig.Join("bob");

        DataChannel channel = alice.Open(label);
        var closed = false;
        channel.Closed += () => closed = true;

        Assert.True(rig.RunUntil(() => closed), "the relay should close the channel");
        (string participant, string message) = Assert.Single(rig.Errors);
        Assert.Equal("alice", participant);
        Assert.Contains(error, message);
        Assert.Contains(label, message);
        Assert.Equal(1, rig.Relay.Counters.ChannelsRejected);
        Assert.Empty(bob.ChannelsReceived);
    }

    [Fact]
    public void Leaving_closes_the_channels_from_and_to_the_participant()
    {
        using var rig = new DataChannelRelayRig();
        RigParticipant alice = rig.Join("alice"), bob = rig.Join("bob"), carol = rig.Join("carol");
        alice.Open("reliable").Send("hi");
        DataChannel toBob = carol.Open("reliable/bob");
        toBob.Send("psst");
        Assert.True(rig.RunUntil(() => bob.Received.Count == 2 && carol.Received.Count == 1));
        DataChannel aliceAtCarol = carol.ChannelsReceived.Single();

        rig.Relay.RemoveParticipant("bob");

        Assert.True(rig.RunUntil(() => toBob.State == DataChannelState.Closed), "carol's channel to bob should close");
        Assert.Equal(("carol", true), (rig.Errors.Single().Participant, rig.Errors.Single().Error.Contains("'bob' left the room")));
        Assert.True(rig.RunUntil(() => bob.ChannelsReceived.All(c => c.State == DataChannelState.Closed)), "bob's subscriber channels should close");
        Assert.Equal(DataChannelState.Open, aliceAtCarol.State);
        Assert.Equal(["alice", "carol"], rig.Relay.Participants.Order());
    }

    [Fact]
    public void Without_a_subscriber_connection_nothing_is_delivered_and_a_new_one_gets_fresh_channels()
    {
        using var rig = new DataChannelRelayRig();
        RigParticipant alice = rig.Join("alice"), bob = rig.Join("bob");
        DataChannel channel = alice.Open("reliable");
        channel.Send("first");
        Assert.True(rig.RunUntil(() => bob.Received.Count == 1));
        DataChannel old = bob.ChannelsReceived.Single();

        rig.Relay.SetSubscriber("bob", null);
        channel.Send("while away");
        Assert.True(rig.RunUntil(() => old.State == DataChannelState.Closed && rig.Relay.Counters.MessagesReceived == 2));
        rig.Relay.SetSubscriber("bob", bob.SubscriberSfu.CreateDataChannel);
        channel.Send("back");

        Assert.True(rig.RunUntil(() => bob.Received.Count == 2));
        Assert.Equal(["first", "back"], bob.Received.Select(m => m.Text));
        Assert.Equal(2, bob.ChannelsReceived.Count);
        Assert.Equal("reliable/alice", bob.ChannelsReceived[1].Label);
        Assert.Equal((0L, 0L), (rig.Relay.Counters.ReliableDropped, rig.Relay.Counters.LossyDropped));
        Assert.False(rig.Relay.SetSubscriber("nobody", null));
    }

    [Theory]
    [InlineData("reliable", false, null)]
    [InlineData("lossy", true, null)]
    [InlineData("reliable/p-1", false, "p-1")]
    [InlineData("lossy/a/b", true, "a/b")]
    public void Publisher_labels_parse_into_kind_and_target(string label, bool lossy, string? target)
    {
        Assert.True(DataChannelRoute.TryParse(label, out DataChannelRoute route));
        Assert.Equal(new DataChannelRoute(lossy, target), route);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Reliable")]
    [InlineData("reliablex")]
    [InlineData("lossy/")]
    [InlineData("/bob")]
    public void Other_labels_do_not_parse(string? label) => Assert.False(DataChannelRoute.TryParse(label, out _));

    [Fact]
    public void Label_parsing_never_throws_on_garbage()
    {
        var random = new Random(17);
        const string alphabet = "reliablossy/\0\uFFFF é";
        for (int i = 0; i < 20_000; i++)
        {
            var label = new string(Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (DataChannelRoute.TryParse(label, out DataChannelRoute route))
            {
                Assert.Equal(label, route.Target is null ? (route.Lossy ? "lossy" : "reliable") : (route.Lossy ? "lossy/" : "reliable/") + route.Target);
            }
        }
    }

    private sealed class RigMessageComparer : IEqualityComparer<RigMessage>
    {
        public static readonly RigMessageComparer Instance = new();
        public bool Equals(RigMessage? x, RigMessage? y) => x!.Label == y!.Label && x.Binary == y.Binary && x.Data.AsSpan().SequenceEqual(y.Data);
        public int GetHashCode(RigMessage obj) => obj.Label.GetHashCode();
    }
}
