using Conference.Media.Sctp;
using Conference.Media.Sfu;

namespace Conference.Media.Tests.Sfu;

/// <summary>
/// A subscriber that stops reading and acknowledging (everything the SFU sends it is lost) next to one that keeps up:
/// the bound applies to the slow one only, and neither the sender nor the fast subscriber notices.
/// </summary>
public sealed class DataChannelRelayBackPressureTests
{
    private const int MessageSize = 1000;
    private const int Messages = 200;

    private static readonly DataChannelRelayOptions SmallBounds = new() { ReliableBufferLimit = 32 * 1024, LossyBufferLimit = 16 * 1024 };

    [Fact]
    public void Lossy_messages_over_the_bound_are_dropped_for_the_slow_subscriber_only()
    {
        using var rig = new DataChannelRelayRig(SmallBounds);
        RigParticipant sender = rig.Join("sender"), fast = rig.Join("fast"), slow = rig.Join("slow");
        DataChannel lossy = sender.Open("lossy", new DataChannelOptions { Ordered = false, MaxRetransmits = 0 });
        lossy.Send("warm-up");
        Assert.True(rig.RunUntil(() => fast.Received.Count == 1 && slow.Received.Count == 1));

        slow.SubscriberStalled = true;
        SendPaced(rig, lossy, 0, Messages, () => fast.Received.Count - 1);

        Assert.Equal(Enumerable.Range(0, Messages).Select(Payload), fast.On("lossy/sender").Skip(1).Select(m => m.Data).OrderBy(d => d[0] | d[1] << 8));
        long dropped = rig.Relay.Counters.LossyDropped;
        // At most the bound (plus the one message an idle channel takes) can be queued for the stalled subscriber.
        Assert.InRange(dropped, Messages - SmallBounds.LossyBufferLimit / MessageSize - 1, Messages);
        Assert.Equal(2 + 2L * Messages - dropped, rig.Relay.Counters.MessagesRelayed); // the warm-up went to both
        Assert.Empty(rig.Errors);
        Assert.Equal(0, rig.Relay.Counters.ReliableChannelsClosed);

        // Once the subscriber reads again, its channel carries on: nothing was closed.
        slow.SubscriberStalled = false;
        Assert.True(rig.RunUntil(() => slow.Subscriber.B.BufferedAmount == 0), "the slow subscriber's queue should drain");
        lossy.Send("after");
        Assert.True(rig.RunUntil(() => slow.Received.Any(m => m.Text == "after")));
        Assert.Equal(DataChannelState.Open, slow.ChannelsReceived.Single().State);
    }

    [Fact]
    public void A_reliable_channel_over_the_bound_is_closed_for_the_slow_subscriber_only()
    {
        using var rig = new DataChannelRelayRig(SmallBounds);
        RigParticipant sender = rig.Join("sender"), fast = rig.Join("fast"), slow = rig.Join("slow");
        DataChannel reliable = sender.Open("reliable");
        reliable.Send(Payload(0));
        Assert.True(rig.RunUntil(() => fast.Received.Count == 1 && slow.Received.Count == 1));
        DataChannel slowChannel = slow.ChannelsReceived.Single();

        slow.SubscriberStalled = true;
        SendPaced(rig, reliable, 1, Messages, () => fast.Received.Count);

        Assert.Equal(Enumerable.Range(0, Messages).Select(Payload), fast.Received.Select(m => m.Data));
        Assert.Equal(1, rig.Relay.Counters.ReliableChannelsClosed);
        (string participant, string error) = Assert.Single(rig.Errors);
        Assert.Equal("slow", participant);
        Assert.Contains("'reliable/sender' fell more than 32768 bytes behind", error);

        // Reading again, the slow subscriber gets what was queued before the cut, in order and without gaps,
        // then the channel closes (RFC 8831 §6.7 stream reset).
        slow.SubscriberStalled = false;
        Assert.True(rig.RunUntil(() => slowChannel.State == DataChannelState.Closed), "the slow subscriber's channel should close");
        List<byte[]> got = slow.On("reliable/sender").Select(m => m.Data).ToList();
        Assert.InRange(got.Count, 2, Messages - 1);
        Assert.Equal(Enumerable.Range(0, got.Count).Select(Payload), got);
        Assert.Equal(Messages - got.Count, rig.Relay.Counters.ReliableDropped);
        Assert.Equal(SctpAssociationState.Established, sender.Publisher.B.State);

        // The next message opens a fresh channel for it.
        reliable.Send("again");
        Assert.True(rig.RunUntil(() => slow.ChannelsReceived.Count == 2 && slow.Received.Last().Text == "again"));
        Assert.Equal("reliable/sender", slow.ChannelsReceived[1].Label);
        Assert.True(fast.Received.Last().Text == "again");
    }

    /// <summary>
    /// Sends in batches well under the bounds, each once the fast subscriber has the previous one: a rate it keeps up
    /// with. (A burst bigger than the bound arriving at once would overflow any subscriber's queue.)
    /// </summary>
    private static void SendPaced(DataChannelRelayRig rig, DataChannel channel, int from, int to, Func<int> fastReceived)
    {
        const int Batch = 8;
        for (int i = from; i < to; i += Batch)
        {
            int end = Math.Min(i + Batch, to);
            for (int j = i; j < end; j++) channel.Send(Payload(j));
            Assert.True(rig.RunUntil(() => fastReceived() == end), $"the fast subscriber should get messages up to {end}");
        }
    }

    private static byte[] Payload(int index)
    {
        var payload = new byte[MessageSize];
        new Random(index).NextBytes(payload);
        payload[0] = (byte)index;
        payload[1] = (byte)(index >> 8);
        return payload;
    }
}
