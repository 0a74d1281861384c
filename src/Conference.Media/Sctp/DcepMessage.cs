using System.Buffers.Binary;
using System.Text;

namespace Conference.Media.Sctp;

/// <summary>
/// DATA_CHANNEL_OPEN (RFC 8832 §5.1). The reliability parameter is the retransmission count for
/// the rexmit types and the lifetime in milliseconds for the timed types.
/// </summary>
public sealed record DataChannelOpen(DataChannelType ChannelType, ushort Priority, uint ReliabilityParameter, string Label, string Protocol)
{
    public const byte MessageType = 0x03;
    public const byte AckMessageType = 0x02;

    /// <summary>DATA_CHANNEL_ACK (RFC 8832 §5.2): one byte.</summary>
    public static readonly byte[] Ack = [AckMessageType];

    public byte[] ToArray()
    {
        byte[] label = Encoding.UTF8.GetBytes(Label);
        byte[] protocol = Encoding.UTF8.GetBytes(Protocol);
        var message = new byte[12 + label.Length + protocol.Length];
        message[0] = MessageType;
        message[1] = (byte)ChannelType;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), Priority);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), ReliabilityParameter);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(8), (ushort)label.Length);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(10), (ushort)protocol.Length);
        label.CopyTo(message, 12);
        protocol.CopyTo(message, 12 + label.Length);
        return message;
    }

    /// <summary>Parses an OPEN message. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out DataChannelOpen? open)
    {
        open = null;
        if (data.Length < 12 || data[0] != MessageType) return false;
        var type = (DataChannelType)data[1];
        if (!Enum.IsDefined(type)) return false;
        int labelLength = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        int protocolLength = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);
        if (data.Length < 12 + labelLength + protocolLength) return false;
        try
        {
            var strict = new UTF8Encoding(false, true);
            open = new DataChannelOpen(type, BinaryPrimitives.ReadUInt16BigEndian(data[2..]), BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
                strict.GetString(data.Slice(12, labelLength)), strict.GetString(data.Slice(12 + labelLength, protocolLength)));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false; // RFC 8832 §5.1: label and protocol are UTF-8
        }
    }
}
