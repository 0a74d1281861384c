using System.Collections.Concurrent;
using Conference.Media.Peer;
using Conference.Media.Sfu;
using Conference.Media.Sfu.Rooms;
using Conference.Rooms;

namespace Conference.Grains.Media;

/// <summary>
/// Data channels through the SFU (issue 5): the room's <see cref="DataChannelRelay"/> follows the participants'
/// connections. A participant is known to it (a recipient and a valid target) from its first Publish, Subscribe or
/// track change until it leaves; its publisher connection's channels are relayed; its subscriber connection carries
/// the relay's channels once answered (before the answer it has no transport). Errors the relay reports on DTLS
/// threads are queued and sent from the grain as <c>dataError</c> events to the participant concerned.
/// </summary>
public sealed partial class MediaRouterGrain
{
    private static readonly TimeSpan DataErrorFlush = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentQueue<(string ParticipantId, string Error)> _dataErrors = new();
    private readonly Dictionary<string, WebRtcPeer> _dataPublishers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebRtcPeer> _dataSubscribers = new(StringComparer.Ordinal);
    private DataChannelRelay? _data;

    /// <summary>After a signaling change of the participant: attach its current connections to the relay.</summary>
    private async Task SyncData(SfuRoom room, string participantId)
    {
        DataChannelRelay relay = DataRelay();
        relay.AddParticipant(participantId);
        var (publisherPeer, subscriberPeer) = await room.ConnectionsAsync(participantId);
        if (publisherPeer is { } publisher && _dataPublishers.GetValueOrDefault(participantId) != publisher)
        {
            _dataPublishers[participantId] = publisher;
            // Raised on the peer's DTLS thread before any message of the channel; the relay is thread-safe.
            publisher.DataChannelOpened += channel => relay.OnPublisherChannel(participantId, channel);
        }
        // A subscriber connection has a transport (and can open channels) from its first answer on.
        WebRtcPeer? subscriber = subscriberPeer is { DtlsRole: not null } answered ? answered : null;
        if (_dataSubscribers.GetValueOrDefault(participantId) != subscriber)
        {
            if (subscriber is null) _dataSubscribers.Remove(participantId);
            else _dataSubscribers[participantId] = subscriber;
            relay.SetSubscriber(participantId, subscriber is null ? null : subscriber.CreateDataChannel);
        }
    }

    private void DataLeft(string participantId)
    {
        _dataPublishers.Remove(participantId);
        _dataSubscribers.Remove(participantId);
        _data?.RemoveParticipant(participantId);
        FlushDataErrors();
    }

    private DataChannelRelay DataRelay()
    {
        if (_data is not null) return _data;
        _data = new DataChannelRelay(null, (participantId, error) => _dataErrors.Enqueue((participantId, error)), sfu.DataCounters);
        this.RegisterGrainTimer(FlushDataErrors, new GrainTimerCreationOptions(DataErrorFlush, DataErrorFlush) { Interleave = false });
        return _data;
    }

    private Task FlushDataErrors()
    {
        while (_dataErrors.TryDequeue(out var entry))
        {
            Notify(new RoomEvent(RoomId, RoomEventTypes.DataError, entry.ParticipantId, Error: entry.Error) { Recipient = entry.ParticipantId });
        }
        return Task.CompletedTask;
    }
}
