using System.Text;
using Conference.Media.Sctp;
using Conference.Media.Sfu;
using Conference.Media.Tests.Sctp;

namespace Conference.Media.Tests.Sfu;

/// <summary>
/// A room of participants around a <see cref="DataChannelRelay"/>, each with a publisher and a subscriber SCTP
/// association pair (client ↔ SFU) joined by <see cref="SctpPipe"/>s: real associations and DCEP, pumped on the
/// test thread with simulated time, so everything is deterministic.
/// </summary>
internal sealed class DataChannelRelayRig : IDisposable
{
    private readonly List<SctpPipe> _pipes = [];

    public DataChannelRelayRig(DataChannelRelayOptions? options = null)
    {
        Relay = new DataChannelRelay(options, (participant, error) => Errors.Add((participant, error)));
    }

    public DataChannelRelay Relay { get; }

    public List<(string Participant, string Error)> Errors { get; } = [];

    public RigParticipant Join(string id, bool connectSubscriber = true)
    {
        Relay.AddParticipant(id);
        var participant = new RigParticipant(id, NewPipe(), NewPipe());
        participant.PublisherSfu.DataChannelOpened += channel => Relay.OnPublisherChannel(id, channel);
        participant.Publisher.A.Connect();
        participant.Publisher.B.Connect();
        Relay.SetSubscriber(id, participant.SubscriberSfu.CreateDataChannel);
        if (connectSubscriber) participant.ConnectSubscriber();
        Assert.True(RunUntil(() => participant.Publisher.A.State == SctpAssociationState.Established &&
            (!connectSubscriber || participant.Subscriber.A.State == SctpAssociationState.Established)), "associations did not establish");
        return participant;
    }

    /// <summary>Pumps every pipe until all are quiet (the relay moves packets between them), then advances time 10 ms.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan? simulatedBudget = null)
    {
        TimeSpan budget = simulatedBudget ?? TimeSpan.FromSeconds(30);
        for (TimeSpan elapsed = TimeSpan.Zero; ; elapsed += TimeSpan.FromMilliseconds(10))
        {
            PumpAll();
            if (done()) return true;
            if (elapsed > budget) return false;
            foreach (SctpPipe pipe in _pipes) pipe.Time.Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    private void PumpAll()
    {
        bool moved;
        do
        {
            moved = false;
            foreach (SctpPipe pipe in _pipes)
            {
                int before = pipe.Sent.Count;
                pipe.Pump();
                moved |= pipe.Sent.Count != before;
            }
        } while (moved);
    }

    private SctpPipe NewPipe()
    {
        var pipe = new SctpPipe();
        _pipes.Add(pipe);
        return pipe;
    }

    public void Dispose()
    {
        foreach (SctpPipe pipe in _pipes) pipe.Dispose();
    }
}

/// <summary>One participant: A is the client's end of each pipe, B the SFU's.</summary>
internal sealed class RigParticipant
{
    public RigParticipant(string id, SctpPipe publisher, SctpPipe subscriber)
    {
        Id = id;
        Publisher = publisher;
        Subscriber = subscriber;
        PublisherClient = new DataChannelEndpoint(publisher.A, isDtlsClient: true);
        PublisherSfu = new DataChannelEndpoint(publisher.B, isDtlsClient: false);
        SubscriberClient = new DataChannelEndpoint(subscriber.A, isDtlsClient: true);
        SubscriberSfu = new DataChannelEndpoint(subscriber.B, isDtlsClient: false);
        SubscriberClient.DataChannelOpened += channel =>
        {
            ChannelsReceived.Add(channel);
            channel.MessageReceived += (binary, data) => Received.Add(new RigMessage(channel.Label, binary, data));
        };
    }

    public string Id { get; }
    public SctpPipe Publisher { get; }
    public SctpPipe Subscriber { get; }
    public DataChannelEndpoint PublisherClient { get; }
    public DataChannelEndpoint PublisherSfu { get; }
    public DataChannelEndpoint SubscriberClient { get; }
    public DataChannelEndpoint SubscriberSfu { get; }

    /// <summary>Channels the SFU opened on this participant's subscriber connection, in order.</summary>
    public List<DataChannel> ChannelsReceived { get; } = [];

    /// <summary>Every message that arrived on the subscriber connection.</summary>
    public List<RigMessage> Received { get; } = [];

    public IEnumerable<RigMessage> On(string label) => Received.Where(m => m.Label == label);

    public void ConnectSubscriber()
    {
        Subscriber.A.Connect();
        Subscriber.B.Connect();
    }

    /// <summary>While set, nothing the SFU sends on the subscriber connection arrives: the client neither reads nor acknowledges.</summary>
    public bool SubscriberStalled
    {
        set => Subscriber.Drop = value ? (fromClient, _) => !fromClient : null;
    }

    public DataChannel Open(string label, DataChannelOptions? options = null) => PublisherClient.CreateDataChannel(label, options);
}

internal sealed record RigMessage(string Label, bool Binary, byte[] Data)
{
    public string Text => Encoding.UTF8.GetString(Data);
}
