namespace Conference.Media.Transport;

/// <summary>Sends one datagram to the peer's current, consented address; false when it was not sent.</summary>
public delegate bool DatagramSender(ReadOnlySpan<byte> datagram);
