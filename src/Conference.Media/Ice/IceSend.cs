using System.Net;

namespace Conference.Media.Ice;

/// <summary>Sends one datagram from the agent's socket; keeps the agents free of I/O.</summary>
public delegate void IceSend(ReadOnlySpan<byte> datagram, IPEndPoint remote);
