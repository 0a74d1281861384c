using Conference.Media.Dtls;

namespace Conference.Media.Sctp;

/// <summary>RFC 8261: SCTP packets travel as DTLS application data, exactly one packet per record.</summary>
public static class SctpOverDtls
{
    /// <summary>
    /// Creates an association bound to a DTLS transport. Create it before the handshake completes so
    /// that no early packet from the peer (browsers send INIT right after their handshake) is missed,
    /// and call <see cref="SctpAssociation.Connect"/> once <see cref="DtlsTransport.Handshake"/> completes;
    /// in WebRTC both peers do. The SCTP packet size is capped so a packet always fits one DTLS record.
    /// While the transport's thread has further records queued, what handlers send from it (the SFU relaying each
    /// received message to its subscribers) waits in a <see cref="SctpSendBatch"/> and leaves bundled when the queue
    /// is drained or <see cref="SctpSendBatch.MaxRecords"/> records were handled.
    /// </summary>
    public static SctpAssociation Create(DtlsTransport dtls, SctpAssociationOptions? options = null, TimeProvider? time = null)
    {
        options ??= new SctpAssociationOptions();
        options = options with { MaxPacketSize = Math.Min(options.MaxPacketSize, dtls.MaxApplicationDataSize) };
        var association = new SctpAssociation(packet => dtls.Send(packet.Span), options, time);
        dtls.DataReceived += data =>
        {
            SctpSendBatch.Open();
            association.OnPacket(data.Span);
            if (SctpSendBatch.RecordHandled()) SctpSendBatch.Flush();
        };
        dtls.ReceiveIdle += SctpSendBatch.Flush;
        dtls.Closed += () => association.Abort("DTLS transport closed");
        return association;
    }
}
