using Conference.Media.Sctp;

namespace Conference.Media.Sfu;

/// <summary>
/// What a data channel label means to the SFU (docs/protocol.md, SFU signaling item 10). On a publisher connection
/// the client opens <c>reliable</c> / <c>lossy</c> (to everyone else) or <c>reliable/&lt;participantId&gt;</c> /
/// <c>lossy/&lt;participantId&gt;</c> (to that participant only); on a subscriber connection the SFU opens
/// <c>reliable/&lt;senderId&gt;</c> and <c>lossy/&lt;senderId&gt;</c>, so the label tells the receiver who sent.
/// </summary>
public readonly record struct DataChannelRoute(bool Lossy, string? Target)
{
    public const string ReliableLabel = "reliable";
    public const string LossyLabel = "lossy";

    /// <summary>The label of the subscriber-side channel carrying <paramref name="senderId"/>'s messages.</summary>
    public static string SubscriberLabel(bool lossy, string senderId) => (lossy ? LossyLabel : ReliableLabel) + "/" + senderId;

    /// <summary>Parses a publisher-side label; false for anything else (including an empty target).</summary>
    public static bool TryParse(string? label, out DataChannelRoute route)
    {
        route = default;
        if (string.IsNullOrEmpty(label)) return false;
        int slash = label.IndexOf('/');
        ReadOnlySpan<char> kind = slash < 0 ? label : label.AsSpan(0, slash);
        bool lossy;
        if (kind.SequenceEqual(ReliableLabel)) lossy = false;
        else if (kind.SequenceEqual(LossyLabel)) lossy = true;
        else return false;
        if (slash < 0)
        {
            route = new DataChannelRoute(lossy, null);
            return true;
        }
        if (slash == label.Length - 1) return false;
        route = new DataChannelRoute(lossy, label[(slash + 1)..]);
        return true;
    }

    /// <summary>How the subscriber-side channel is opened: ordered and reliable, or unordered with no retransmission.</summary>
    public DataChannelOptions SubscriberOptions => Lossy ? LossyOptions : ReliableOptions;

    private static readonly DataChannelOptions ReliableOptions = new();
    private static readonly DataChannelOptions LossyOptions = new() { Ordered = false, MaxRetransmits = 0 };
}
