using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Conference.Media.Stun;

/// <summary>
/// XOR-MAPPED-ADDRESS (RFC 8489 §14.2): port XOR the cookie's top 16 bits, IPv4 XOR the
/// cookie, IPv6 XOR cookie || transaction id, so NATs that rewrite addresses in payloads
/// leave it alone.
/// </summary>
public static class StunXorAddress
{
    private const byte FamilyIPv4 = 0x01;
    private const byte FamilyIPv6 = 0x02;

    public static int GetValueLength(IPAddress address) => IsIPv4(address) ? 8 : 20;

    public static bool TryRead(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4 || transactionId.Length != StunMessage.TransactionIdLength)
        {
            return false;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(2)) ^ (int)(StunMessage.MagicCookie >> 16);
        switch (value[1])
        {
            case FamilyIPv4 when value.Length == 8:
            {
                uint raw = BinaryPrimitives.ReadUInt32BigEndian(value.Slice(4)) ^ StunMessage.MagicCookie;
                Span<byte> bytes = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(bytes, raw);
                endPoint = new IPEndPoint(new IPAddress(bytes), port);
                return true;
            }

            case FamilyIPv6 when value.Length == 20:
            {
                Span<byte> bytes = stackalloc byte[16];
                WriteMask(bytes, transactionId);
                for (int i = 0; i < 16; i++)
                {
                    bytes[i] ^= value[4 + i];
                }

                endPoint = new IPEndPoint(new IPAddress(bytes), port);
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>Writes the attribute value; returns its length (8 or 20).</summary>
    public static int Write(Span<byte> value, IPEndPoint endPoint, ReadOnlySpan<byte> transactionId)
    {
        IPAddress address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        value[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(value.Slice(2), (ushort)(endPoint.Port ^ (int)(StunMessage.MagicCookie >> 16)));
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            value[1] = FamilyIPv4;
            address.TryWriteBytes(value.Slice(4, 4), out _);
            BinaryPrimitives.WriteUInt32BigEndian(value.Slice(4), BinaryPrimitives.ReadUInt32BigEndian(value.Slice(4)) ^ StunMessage.MagicCookie);
            return 8;
        }

        value[1] = FamilyIPv6;
        Span<byte> mask = stackalloc byte[16];
        WriteMask(mask, transactionId);
        address.TryWriteBytes(value.Slice(4, 16), out _);
        for (int i = 0; i < 16; i++)
        {
            value[4 + i] ^= mask[i];
        }

        return 20;
    }

    private static bool IsIPv4(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6;

    private static void WriteMask(Span<byte> mask, ReadOnlySpan<byte> transactionId)
    {
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        transactionId.CopyTo(mask.Slice(4));
    }
}
