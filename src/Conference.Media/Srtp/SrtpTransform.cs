namespace Conference.Media.Srtp;

/// <summary>
/// The cipher + authentication of one profile, applied in place once the session has
/// settled SSRC and packet index. Implementations cache all crypto objects.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    public abstract int TagLength { get; }

    /// <summary>Encrypts the payload and appends the tag; returns the new length.</summary>
    public abstract int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Verifies the tag over packet[..length] and decrypts in place; false on auth failure.</summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Encrypts packet[8..length], appends E||index and the tag; returns the new length.</summary>
    public abstract int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    /// <summary>Where the 4-byte E||SRTCP index sits in a protected packet of this length.</summary>
    public abstract int RtcpTrailerOffset(int length);

    /// <summary>Verifies and (if <paramref name="encrypted"/>) decrypts; the result is packet[..RtcpTrailerOffset-ish].</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted);

    public abstract void Dispose();
}
