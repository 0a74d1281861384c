namespace Conference.Media.Dtls;

public enum DtlsTransportState
{
    New,
    Connecting,
    Connected,
    Closed,
    Failed,
}
