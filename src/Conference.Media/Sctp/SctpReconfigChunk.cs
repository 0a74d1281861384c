using System.Buffers.Binary;

namespace Conference.Media.Sctp;

/// <summary>Outgoing SSN Reset Request parameter (RFC 6525 §4.1).</summary>
public sealed record SctpOutgoingResetRequest(uint RequestSequence, uint ResponseSequence, uint SenderLastTsn, ushort[] Streams)
{
    public const ushort ParameterType = 13;
}

/// <summary>Re-configuration Response parameter (RFC 6525 §4.4).</summary>
public sealed record SctpReconfigResponse(uint ResponseSequence, uint Result)
{
    public const ushort ParameterType = 16;
    public const uint SuccessPerformed = 1;
    public const uint Denied = 2;
    public const uint InProgress = 6;
}

/// <summary>
/// RE-CONFIG (RFC 6525 §3.1) limited to what data channels use to close (RFC 8831 §6.7): an outgoing
/// stream reset request and/or a response. Other reconfiguration parameters are ignored on read.
/// </summary>
public sealed record SctpReconfigChunk(SctpOutgoingResetRequest? Request, SctpReconfigResponse? Response) : SctpChunk
{
    public override byte Type => SctpChunkType.ReConfig;

    private int RequestLength => Request is null ? 0 : (16 + 2 * Request.Streams.Length + 3) & ~3;

    // RFC 9260 §3.2: a trailing request parameter's padding is chunk padding, not counted in the length.
    public override int ValueLength => Response is not null ? RequestLength + 12 : Request is null ? 0 : 16 + 2 * Request.Streams.Length;

    public override void WriteValue(Span<byte> destination)
    {
        int offset = 0;
        if (Request is not null)
        {
            destination[..Math.Min(RequestLength, destination.Length)].Clear();
            BinaryPrimitives.WriteUInt16BigEndian(destination, SctpOutgoingResetRequest.ParameterType);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(16 + 2 * Request.Streams.Length));
            BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Request.RequestSequence);
            BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Request.ResponseSequence);
            BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Request.SenderLastTsn);
            for (int i = 0; i < Request.Streams.Length; i++)
                BinaryPrimitives.WriteUInt16BigEndian(destination[(16 + 2 * i)..], Request.Streams[i]);
            offset = RequestLength;
        }
        if (Response is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], SctpReconfigResponse.ParameterType);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], 12);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], Response.ResponseSequence);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 8)..], Response.Result);
        }
    }

    internal static bool TryRead(ReadOnlySpan<byte> value, out SctpChunk? chunk)
    {
        chunk = null;
        SctpOutgoingResetRequest? request = null;
        SctpReconfigResponse? response = null;
        while (value.Length >= 4)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(value);
            int length = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
            if (length < 4 || length > value.Length) return false;
            ReadOnlySpan<byte> body = value[4..length];
            if (type == SctpOutgoingResetRequest.ParameterType)
            {
                if (body.Length < 12 || (body.Length - 12) % 2 != 0) return false;
                var streams = new ushort[(body.Length - 12) / 2];
                for (int i = 0; i < streams.Length; i++) streams[i] = BinaryPrimitives.ReadUInt16BigEndian(body[(12 + 2 * i)..]);
                request = new SctpOutgoingResetRequest(BinaryPrimitives.ReadUInt32BigEndian(body),
                    BinaryPrimitives.ReadUInt32BigEndian(body[4..]), BinaryPrimitives.ReadUInt32BigEndian(body[8..]), streams);
            }
            else if (type == SctpReconfigResponse.ParameterType)
            {
                if (body.Length < 8) return false;
                response = new SctpReconfigResponse(BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]));
            }
            int padded = (length + 3) & ~3;
            value = padded >= value.Length ? [] : value[padded..];
        }
        if (request is null && response is null) return false;
        chunk = new SctpReconfigChunk(request, response);
        return true;
    }
}
