using System.Collections.Concurrent;
using Conference.Media.Sctp;

namespace Conference.Media.Sfu;

/// <summary>
/// The data-channel plane of one room: relays each message a participant sends on its publisher connection's
/// <c>reliable</c>/<c>lossy</c> channels to every other participant, or on <c>reliable/&lt;id&gt;</c>/<c>lossy/&lt;id&gt;</c>
/// to that one (<see cref="DataChannelRoute"/>), over channels it opens on each recipient's subscriber connection:
/// <c>reliable/&lt;senderId&gt;</c> (ordered, reliable) and <c>lossy/&lt;senderId&gt;</c> (unordered, maxRetransmits 0),
/// opened at the first message from that sender. Text stays text, binary stays binary, empty messages keep their
/// RFC 8831 §6.6 PPIDs; sizes up to the associations' max-message-size.
/// <para>
/// Threading: messages arrive on each publisher's DTLS thread and are queued on the recipients' SCTP associations
/// right there (<see cref="SctpAssociation"/> never blocks: it queues and sends what cwnd and the peer's window allow).
/// Back-pressure is per recipient channel (<see cref="DataChannelRelayOptions"/>): over its bound a lossy message is
/// dropped for that recipient only and a reliable channel is closed for that recipient only, so a slow subscriber
/// never stalls the sender or anyone else. Every member is thread-safe.
/// </para>
/// </summary>
public sealed class DataChannelRelay
{
    private readonly DataChannelRelayOptions _options;
    private readonly Action<string, string> _onError;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, DataChannelRelayParticipant> _byId = new(StringComparer.Ordinal);
    private DataChannelRelayParticipant[] _all = []; // copy-on-write, read without the lock by the relay path

    /// <param name="onError">
    /// (participantId, message) for something a participant should be told (the router sends it as the hub event
    /// <c>dataError</c>): a channel it opened was closed (unknown label or target), or a channel to it was closed because
    /// it fell behind. Called on a DTLS thread or the caller's; it must return quickly and not throw.
    /// </param>
    /// <param name="counters">Totals to add to, e.g. one instance shared by all rooms of a silo; a new one when null.</param>
    public DataChannelRelay(DataChannelRelayOptions? options, Action<string, string> onError, DataChannelRelayCounters? counters = null)
    {
        _options = options ?? new DataChannelRelayOptions();
        _onError = onError;
        Counters = counters ?? new DataChannelRelayCounters();
    }

    public DataChannelRelayCounters Counters { get; }

    public IReadOnlyCollection<string> Participants => [.. Volatile.Read(ref _all).Select(p => p.Id)];

    /// <summary>Makes a participant known (a valid target and a recipient of broadcasts); idempotent.</summary>
    public void AddParticipant(string participantId)
    {
        lock (_lock)
        {
            var participant = new DataChannelRelayParticipant(participantId);
            if (!_byId.TryAdd(participantId, participant)) return;
            _all = [.. _all, participant];
        }
    }

    /// <summary>
    /// The participant's subscriber connection: <paramref name="openChannel"/> opens a channel on it (e.g.
    /// <c>WebRtcPeer.CreateDataChannel</c>); null when it has none. Channels on a previous connection are closed.
    /// False for an unknown participant.
    /// </summary>
    public bool SetSubscriber(string participantId, Func<string, DataChannelOptions, DataChannel>? openChannel)
    {
        if (!_byId.TryGetValue(participantId, out DataChannelRelayParticipant? participant)) return false;
        participant.SetSubscriber(openChannel);
        return true;
    }

    /// <summary>
    /// A channel opened on the participant's publisher connection (<c>WebRtcPeer.DataChannelOpened</c>, raised before
    /// any of its messages). Channels we opened ourselves are ignored; a channel with an unknown label or naming a
    /// participant not in the room (or the sender itself) is closed and reported to the sender.
    /// </summary>
    public void OnPublisherChannel(string participantId, DataChannel channel)
    {
        if (channel.LocallyOpened) return;
        if (!_byId.TryGetValue(participantId, out DataChannelRelayParticipant? sender))
        {
            channel.Close(); // a late channel of a participant that already left
            return;
        }
        if (!DataChannelRoute.TryParse(channel.Label, out DataChannelRoute route))
        {
            Reject(sender, channel, $"Data channel '{channel.Label}' is not one of 'reliable', 'lossy', 'reliable/<participantId>' or 'lossy/<participantId>'; it was closed.");
            return;
        }
        if (route.Target is { } target && (target == participantId || !_byId.ContainsKey(target)))
        {
            Reject(sender, channel, target == participantId
                ? $"Data channel '{channel.Label}' names its own sender; it was closed."
                : $"Data channel '{channel.Label}' names participant '{target}', who is not in this room; it was closed.");
            return;
        }
        if (!sender.AddPublished(channel, route.Target))
        {
            channel.Close();
            return;
        }
        channel.MessageReceived += (isBinary, data) => Relay(sender, route, channel, isBinary, data);
    }

    /// <summary>
    /// The participant left: its channels are closed, the channels carrying its messages to the others are closed, and
    /// the others' channels targeting it are closed (and reported to their senders).
    /// </summary>
    public void RemoveParticipant(string participantId)
    {
        DataChannelRelayParticipant[] others;
        lock (_lock)
        {
            if (!_byId.TryRemove(participantId, out DataChannelRelayParticipant? removed)) return;
            _all = [.. _all.Where(p => p != removed)];
            others = _all;
            foreach (DataChannel channel in removed.Remove()) channel.Close();
        }
        foreach (DataChannelRelayParticipant other in others)
        {
            (List<DataChannel> fromIt, List<DataChannel> toIt) = other.ForgetParticipant(participantId);
            foreach (DataChannel channel in fromIt) channel.Close();
            foreach (DataChannel channel in toIt)
            {
                channel.Close();
                _onError(other.Id, $"Participant '{participantId}' left the room; data channel '{channel.Label}' was closed.");
            }
        }
    }

    private void Reject(DataChannelRelayParticipant sender, DataChannel channel, string error)
    {
        Counters.Rejected();
        channel.Close();
        _onError(sender.Id, error);
    }

    private void Relay(DataChannelRelayParticipant sender, DataChannelRoute route, DataChannel from, bool isBinary, byte[] message)
    {
        if (sender.Removed) return;
        Counters.Received(message.Length);
        if (route.Target is { } target)
        {
            if (_byId.TryGetValue(target, out DataChannelRelayParticipant? recipient)) Deliver(recipient, sender.Id, route.Lossy, isBinary, message);
            else if (from.State == DataChannelState.Open) Reject(sender, from, $"Participant '{target}' left the room; data channel '{from.Label}' was closed.");
            return;
        }
        foreach (DataChannelRelayParticipant recipient in Volatile.Read(ref _all))
        {
            if (recipient != sender) Deliver(recipient, sender.Id, route.Lossy, isBinary, message);
        }
    }

    private void Deliver(DataChannelRelayParticipant recipient, string senderId, bool lossy, bool isBinary, byte[] message)
    {
        // No subscriber connection (yet): the recipient is not receiving, like a late joiner; nothing is counted.
        if (recipient.ChannelFrom(senderId, lossy, _options) is not { } channel) return;
        switch (channel.Send(isBinary, message))
        {
            case SubscriberSendResult.Queued:
                Counters.Relayed(message.Length);
                break;
            case SubscriberSendResult.Dropped:
                Counters.Dropped(lossy);
                break;
            case SubscriberSendResult.ClosedOverBound:
                Counters.ReliableClosed();
                Counters.Dropped(lossy);
                _onError(recipient.Id, $"Data channel '{channel.Channel.Label}' fell more than {_options.ReliableBufferLimit} bytes behind " +
                    $"(the connection is too slow) and was closed: messages from '{senderId}' from here on are lost until it has closed, then a new channel carries them.");
                break;
        }
    }
}
