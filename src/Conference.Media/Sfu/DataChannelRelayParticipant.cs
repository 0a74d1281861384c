using Conference.Media.Sctp;

namespace Conference.Media.Sfu;

/// <summary>
/// One participant of a <see cref="DataChannelRelay"/>: the channels it publishes on (with their targets) and, once
/// its subscriber connection exists, the channels the relay opened there, one per (sender, kind).
/// </summary>
internal sealed class DataChannelRelayParticipant(string id)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SubscriberDataChannel> _reliable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubscriberDataChannel> _lossy = new(StringComparer.Ordinal);
    private readonly List<(DataChannel Channel, string? Target)> _published = [];
    private Func<string, DataChannelOptions, DataChannel>? _open;
    private volatile bool _removed;

    public string Id { get; } = id;

    public bool Removed => _removed;

    /// <summary>
    /// The channel carrying <paramref name="senderId"/>'s messages of this kind, opened on first use (and again after
    /// a previous one closed). Null while there is no subscriber connection or it cannot carry data channels.
    /// </summary>
    public SubscriberDataChannel? ChannelFrom(string senderId, bool lossy, DataChannelRelayOptions options)
    {
        lock (_gate)
        {
            if (_open is null || _removed) return null;
            Dictionary<string, SubscriberDataChannel> channels = lossy ? _lossy : _reliable;
            if (channels.TryGetValue(senderId, out SubscriberDataChannel? existing) && !existing.IsFinished) return existing;
            var route = new DataChannelRoute(lossy, null);
            DataChannel opened;
            try
            {
                opened = _open(DataChannelRoute.SubscriberLabel(lossy, senderId), route.SubscriberOptions);
            }
            catch (InvalidOperationException)
            {
                // No data section negotiated on the subscriber connection (or no stream ids left): nothing to open.
                _open = null;
                return null;
            }
            var channel = new SubscriberDataChannel(opened, lossy, lossy ? options.LossyBufferLimit : options.ReliableBufferLimit);
            channels[senderId] = channel;
            return channel;
        }
    }

    /// <summary>A new subscriber connection (or none): the channels on the previous one are closed and forgotten.</summary>
    public void SetSubscriber(Func<string, DataChannelOptions, DataChannel>? open)
    {
        List<DataChannel> previous;
        lock (_gate)
        {
            if (_removed) return;
            _open = open;
            previous = TakeSubscriberChannels(_ => true);
        }
        foreach (DataChannel channel in previous) channel.Close();
    }

    /// <summary>Tracks a channel this participant publishes on; false once the participant was removed.</summary>
    public bool AddPublished(DataChannel channel, string? target)
    {
        lock (_gate)
        {
            if (_removed) return false;
            _published.RemoveAll(p => p.Channel.State == DataChannelState.Closed);
            _published.Add((channel, target));
            return true;
        }
    }

    /// <summary>
    /// Another participant left: takes the channels carrying its messages here (<c>FromIt</c>) and this participant's
    /// channels targeting it (<c>ToIt</c>), for the caller to close.
    /// </summary>
    public (List<DataChannel> FromIt, List<DataChannel> ToIt) ForgetParticipant(string otherId)
    {
        lock (_gate)
        {
            List<DataChannel> fromIt = TakeSubscriberChannels(sender => sender == otherId);
            List<DataChannel> toIt = [.. _published.Where(p => p.Target == otherId).Select(p => p.Channel)];
            _published.RemoveAll(p => p.Target == otherId);
            return (fromIt, toIt);
        }
    }

    /// <summary>Marks the participant removed and returns every channel it had, to be closed by the caller.</summary>
    public List<DataChannel> Remove()
    {
        lock (_gate)
        {
            _removed = true;
            _open = null;
            List<DataChannel> all = TakeSubscriberChannels(_ => true);
            all.AddRange(_published.Select(p => p.Channel));
            _published.Clear();
            return all;
        }
    }

    private List<DataChannel> TakeSubscriberChannels(Func<string, bool> fromSender)
    {
        var taken = new List<DataChannel>();
        foreach (Dictionary<string, SubscriberDataChannel> channels in (Dictionary<string, SubscriberDataChannel>[])[_reliable, _lossy])
        {
            foreach (string sender in channels.Keys.Where(fromSender).ToArray())
            {
                taken.Add(channels[sender].Channel);
                channels.Remove(sender);
            }
        }
        return taken;
    }
}
