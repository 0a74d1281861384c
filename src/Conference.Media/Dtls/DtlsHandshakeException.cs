namespace Conference.Media.Dtls;

/// <summary>The DTLS handshake failed: fingerprint mismatch, no common parameters, timeout, or closed.</summary>
public sealed class DtlsHandshakeException(string message, Exception? inner = null) : Exception(message, inner);
