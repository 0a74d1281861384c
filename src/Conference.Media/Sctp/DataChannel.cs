using System.Text;

namespace Conference.Media.Sctp;

/// <summary>
/// One WebRTC data channel: a pair of SCTP streams with the same id (RFC 8831 §6.5), opened with
/// DCEP (RFC 8832) and closed by resetting the streams (RFC 8831 §6.7).
/// Events are raised on the thread that delivered the packet; handlers should not block.
/// </summary>
public sealed class DataChannel
{
    private readonly SctpAssociation _association;
    private readonly Lock _gate = new();
    private readonly SctpSendOptions _sendOptions;
    private readonly SctpSendOptions _sendOptionsBeforeAck;
    private int _state;
    private volatile bool _acknowledged;
    private bool _incomingReset;
    private bool _outgoingReset;

    internal DataChannel(SctpAssociation association, ushort id, string label, DataChannelOptions options, bool locallyOpened)
    {
        _association = association;
        Id = id;
        Label = label;
        Options = options;
        LocallyOpened = locallyOpened;
        // A remotely opened channel is open as soon as we accept it; ours once the OPEN is on its way.
        _acknowledged = !locallyOpened || options.NegotiatedId is not null;
        _state = (int)(locallyOpened ? DataChannelState.Connecting : DataChannelState.Open);
        _sendOptions = new SctpSendOptions(options.Ordered, options.MaxRetransmits, options.MaxPacketLifeTime);
        _sendOptionsBeforeAck = _sendOptions with { Ordered = true };
    }

    public ushort Id { get; }
    public string Label { get; }
    public string Protocol => Options.Protocol;
    public bool Ordered => Options.Ordered;
    public int? MaxRetransmits => Options.MaxRetransmits;
    public TimeSpan? MaxPacketLifeTime => Options.MaxPacketLifeTime;
    public DataChannelOptions Options { get; }
    public bool LocallyOpened { get; }
    public DataChannelState State => (DataChannelState)Volatile.Read(ref _state);

    /// <summary>Bytes sent on this channel not yet acknowledged (or abandoned) by the peer.</summary>
    public long BufferedAmount => _association.GetBufferedAmount(Id);

    public event Action? Opened;

    /// <summary>A message arrived: (isBinary, data). Text messages are UTF-8 bytes; empty messages have empty data.</summary>
    public event Action<bool, byte[]>? MessageReceived;

    public event Action? Closed;

    public void Send(string text)
    {
        // RFC 8831 §6.6: an empty message goes as one byte with the "empty" PPID.
        if (text.Length == 0) SendRaw(WebRtcPpid.StringEmpty, [0]);
        else SendRaw(WebRtcPpid.String, Encoding.UTF8.GetBytes(text));
    }

    public void Send(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) SendRaw(WebRtcPpid.BinaryEmpty, [0]);
        else SendRaw(WebRtcPpid.Binary, data);
    }

    /// <summary>Starts the closing procedure: resets our outgoing stream; the peer resets its own in reply.</summary>
    public void Close()
    {
        if (Interlocked.CompareExchange(ref _state, (int)DataChannelState.Closing, (int)DataChannelState.Open) != (int)DataChannelState.Open &&
            Interlocked.CompareExchange(ref _state, (int)DataChannelState.Closing, (int)DataChannelState.Connecting) != (int)DataChannelState.Connecting)
        {
            return;
        }
        _association.ResetOutgoingStreams(Id);
    }

    /// <summary>
    /// Queues a message as <see cref="MessageReceived"/> delivered it (text as UTF-8), without copying: the queue
    /// references <paramref name="message"/>, which must never change afterwards (an SFU shares one received message
    /// among its subscribers). Unlike <see cref="Send(string)"/> this also works while Connecting: the association
    /// sends what it queued before establishment once it is up, after the DCEP OPEN queued first on the same
    /// stream (RFC 8832 §6 lets data follow the OPEN without waiting for the ACK). False when the channel is closing
    /// or closed, the message is over the peer's maximum size, or the association refuses it.
    /// </summary>
    internal bool TryForward(bool isBinary, byte[] message)
    {
        if (State is not (DataChannelState.Open or DataChannelState.Connecting)) return false;
        // RFC 8831 §6.6: an empty message goes as one byte with the "empty" PPID.
        uint ppid = message.Length == 0
            ? isBinary ? WebRtcPpid.BinaryEmpty : WebRtcPpid.StringEmpty
            : isBinary ? WebRtcPpid.Binary : WebRtcPpid.String;
        return _association.TrySendShared(Id, ppid, message.Length == 0 ? EmptyMessagePayload : message, CurrentSendOptions());
    }

    private static readonly byte[] EmptyMessagePayload = [0];

    private void SendRaw(uint ppid, ReadOnlySpan<byte> payload)
    {
        if (State != DataChannelState.Open) throw new InvalidOperationException($"Data channel '{Label}' is {State}.");
        if (payload.Length > _association.MaxSendMessageSize)
            throw new ArgumentException($"Message of {payload.Length} bytes exceeds the maximum message size {_association.MaxSendMessageSize}.");
        if (!_association.TrySend(Id, ppid, payload, CurrentSendOptions()))
            throw new InvalidOperationException($"Data channel '{Label}': the association no longer accepts messages.");
    }

    // RFC 8832 §6: until the ACK arrives, messages go ordered so they cannot overtake the OPEN.
    private SctpSendOptions CurrentSendOptions() => _acknowledged ? _sendOptions : _sendOptionsBeforeAck;

    internal void SendOpen()
    {
        var open = new DataChannelOpen(Options.ChannelType, Options.Priority, Options.ReliabilityParameter, Label, Options.Protocol);
        _association.TrySend(Id, WebRtcPpid.Dcep, open.ToArray(), SctpSendOptions.Reliable);
    }

    internal void SendAck() => _association.TrySend(Id, WebRtcPpid.Dcep, DataChannelOpen.Ack, SctpSendOptions.Reliable);

    internal void OnAssociationEstablished()
    {
        if (Interlocked.CompareExchange(ref _state, (int)DataChannelState.Open, (int)DataChannelState.Connecting)
            == (int)DataChannelState.Connecting)
        {
            Opened?.Invoke();
        }
    }

    internal void OnAck() => _acknowledged = true;

    internal bool Acknowledged => _acknowledged;

    internal void OnMessage(SctpMessage message)
    {
        if (State is DataChannelState.Closed) return;
        switch (message.Ppid)
        {
            case WebRtcPpid.String or WebRtcPpid.StringPartial: MessageReceived?.Invoke(false, message.Data); break;
            case WebRtcPpid.Binary or WebRtcPpid.BinaryPartial: MessageReceived?.Invoke(true, message.Data); break;
            case WebRtcPpid.StringEmpty: MessageReceived?.Invoke(false, []); break;
            case WebRtcPpid.BinaryEmpty: MessageReceived?.Invoke(true, []); break;
        }
    }

    /// <summary>The peer reset its outgoing stream (our incoming one): reply with ours if we have not yet (RFC 8831 §6.7).</summary>
    internal void OnIncomingReset()
    {
        bool resetOurs;
        lock (_gate)
        {
            if (State == DataChannelState.Closed) return;
            _incomingReset = true;
            resetOurs = State is DataChannelState.Open or DataChannelState.Connecting;
            Volatile.Write(ref _state, (int)DataChannelState.Closing);
        }
        if (resetOurs) _association.ResetOutgoingStreams(Id);
        CloseIfBothReset();
    }

    internal void OnOutgoingReset()
    {
        lock (_gate) _outgoingReset = true;
        CloseIfBothReset();
    }

    internal void OnAssociationClosed()
    {
        if (Interlocked.Exchange(ref _state, (int)DataChannelState.Closed) != (int)DataChannelState.Closed) Closed?.Invoke();
    }

    private void CloseIfBothReset()
    {
        lock (_gate)
        {
            if (!(_incomingReset && _outgoingReset)) return;
        }
        OnAssociationClosed();
    }
}
