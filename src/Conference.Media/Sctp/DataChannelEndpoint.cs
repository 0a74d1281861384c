namespace Conference.Media.Sctp;

/// <summary>
/// The data channels of one SCTP association: opens ours with DCEP, accepts the peer's, and routes
/// messages by stream id. Stream ids follow RFC 8832 §6: the DTLS client uses even ids, the server odd,
/// so both sides can open channels at once without colliding.
/// </summary>
public sealed class DataChannelEndpoint
{
    private readonly SctpAssociation _association;
    private readonly Lock _lock = new();
    private readonly Dictionary<ushort, DataChannel> _channels = new();
    private int _nextId;

    public DataChannelEndpoint(SctpAssociation association, bool isDtlsClient)
    {
        _association = association;
        _nextId = isDtlsClient ? 0 : 1;
        association.MessageReceived += OnMessage;
        association.Established += OnEstablished;
        association.IncomingStreamsReset += streams => ForEach(streams, c => c.OnIncomingReset());
        association.OutgoingStreamsReset += streams => ForEach(streams, c => c.OnOutgoingReset());
        association.Closed += _ => OnAssociationClosed();
    }

    public SctpAssociation Association => _association;

    /// <summary>The peer opened a channel (raised before any of its messages are delivered).</summary>
    public event Action<DataChannel>? DataChannelOpened;

    public IReadOnlyCollection<DataChannel> Channels
    {
        get { lock (_lock) return _channels.Values.ToArray(); }
    }

    /// <summary>Opens a channel: picks a stream id of our parity and sends DATA_CHANNEL_OPEN.</summary>
    public DataChannel CreateDataChannel(string label, DataChannelOptions? options = null)
    {
        options ??= new DataChannelOptions();
        if (options.MaxRetransmits is not null && options.MaxPacketLifeTime is not null)
            throw new ArgumentException("Set at most one of MaxRetransmits and MaxPacketLifeTime (RFC 8831 §6.1).");
        DataChannel channel;
        lock (_lock)
        {
            if (options.NegotiatedId is { } agreed)
            {
                if (_channels.ContainsKey(agreed)) throw new InvalidOperationException($"Stream id {agreed} is already in use.");
                channel = new DataChannel(_association, agreed, label, options, locallyOpened: true);
            }
            else
            {
                while (_channels.ContainsKey((ushort)_nextId)) _nextId += 2;
                if (_nextId > ushort.MaxValue - 1) throw new InvalidOperationException("No stream ids left.");
                channel = new DataChannel(_association, (ushort)_nextId, label, options, locallyOpened: true);
                _nextId += 2;
            }
            _channels[channel.Id] = channel;
        }
        if (options.NegotiatedId is null) channel.SendOpen();
        if (_association.State == SctpAssociationState.Established) channel.OnAssociationEstablished();
        return channel;
    }

    private void OnEstablished()
    {
        foreach (DataChannel channel in Channels) channel.OnAssociationEstablished();
    }

    private void OnMessage(SctpMessage message)
    {
        if (message.Ppid == WebRtcPpid.Dcep)
        {
            OnDcep(message);
            return;
        }
        DataChannel? channel;
        lock (_lock) _channels.TryGetValue(message.StreamId, out channel);
        channel?.OnMessage(message);
    }

    private void OnDcep(SctpMessage message)
    {
        if (message.Data.Length == 1 && message.Data[0] == DataChannelOpen.AckMessageType)
        {
            DataChannel? channel;
            lock (_lock) _channels.TryGetValue(message.StreamId, out channel);
            channel?.OnAck();
            return;
        }
        if (!DataChannelOpen.TryParse(message.Data, out DataChannelOpen? open)) return;
        DataChannel accepted;
        lock (_lock)
        {
            // An OPEN on a stream already in use is a peer error (RFC 8832 §6); ignore it.
            if (_channels.ContainsKey(message.StreamId)) return;
            accepted = new DataChannel(_association, message.StreamId, open!.Label, DataChannelOptions.From(open), locallyOpened: false);
            _channels[message.StreamId] = accepted;
        }
        accepted.SendAck();
        DataChannelOpened?.Invoke(accepted);
    }

    private void ForEach(ushort[] streams, Action<DataChannel> action)
    {
        var affected = new List<DataChannel>();
        lock (_lock)
        {
            foreach (ushort id in streams)
                if (_channels.TryGetValue(id, out DataChannel? channel)) affected.Add(channel);
        }
        foreach (DataChannel channel in affected)
        {
            action(channel);
            if (channel.State == DataChannelState.Closed)
            {
                lock (_lock) _channels.Remove(channel.Id);
            }
        }
    }

    private void OnAssociationClosed()
    {
        DataChannel[] all;
        lock (_lock)
        {
            all = _channels.Values.ToArray();
            _channels.Clear();
        }
        foreach (DataChannel channel in all) channel.OnAssociationClosed();
    }
}
