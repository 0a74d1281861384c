namespace Conference.Media.Rtp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611).</summary>
public static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    public const byte ApplicationDefined = 204;
    public const byte TransportFeedback = 205;
    public const byte PayloadSpecificFeedback = 206;
    public const byte ExtendedReport = 207;
}

/// <summary>FMT values within RTPFB (205) and PSFB (206).</summary>
public static class RtcpFeedbackFormat
{
    public const int GenericNack = 1;          // RFC 4585 §6.2.1
    public const int TransportWideCc = 15;     // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1
    public const int PictureLossIndication = 1; // RFC 4585 §6.3.1
    public const int FullIntraRequest = 4;      // RFC 5104 §4.3.1
    public const int ApplicationLayer = 15;     // RFC 4585 §6.4 (REMB)
}
