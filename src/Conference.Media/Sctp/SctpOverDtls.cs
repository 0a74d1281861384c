using Conference.Media.Dtls;

namespace Conference.Media.Sctp;

/// <summary>RFC 8261: SCTP packets travel as DTLS application data, exactly one packet per record.</summary>
public static class SctpOverDtls
{
    /// <summary>
    /// Creates an association bound to a connected DTLS transport. The SCTP packet size is capped so a
    /// packet always fits one DTLS record (the record layer adds header, explicit nonce and tag).
    /// Call <see cref="SctpAssociation.Connect"/> afterwards; in WebRTC both peers do.
    /// </summary>
    public static SctpAssociation Create(DtlsTransport dtls, SctpAssociationOptions? options = null, TimeProvider? time = null)
    {
        if (dtls.State != DtlsTransportState.Connected)
            throw new InvalidOperationException("SCTP starts after the DTLS handshake has completed.");
        options ??= new SctpAssociationOptions();
        options = options with { MaxPacketSize = Math.Min(options.MaxPacketSize, dtls.MaxApplicationDataSize) };
        var association = new SctpAssociation(packet => dtls.Send(packet.Span), options, time);
        dtls.DataReceived += data => association.OnPacket(data.Span);
        dtls.Closed += () => association.Abort("DTLS transport closed");
        return association;
    }
}
