using System.Net;
using Conference.Media.Dtls;

namespace Conference.Media.Peer;

public sealed class MediaEngineOptions
{
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>0 picks any free port.</summary>
    public int Port { get; set; }

    /// <summary>The address in our host candidate (e.g. the public address of a 1:1 NAT); default: the bound address.</summary>
    public IPAddress? AnnouncedAddress { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Default: one certificate generated per engine.</summary>
    public DtlsCertificate? Certificate { get; set; }

    /// <summary>RFC 7675 §5.1: consent expires 30 s after the last authenticated check.</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Told about every exception the media plane caught and carried on after (a handler or posted work on the loop,
    /// a DTLS thread): the source ("receive loop", "dtls") and the exception. Log it; it is counted either way.
    /// </summary>
    public Action<string, Exception>? Faulted { get; set; }

    /// <summary>
    /// Receive and send in batches (recvmmsg/sendmmsg) where the platform has them (64-bit Linux); elsewhere, or when
    /// false, one system call per datagram. docs/benchmarks.md (udp-batching) has what it saves.
    /// </summary>
    public bool Batching { get; set; } = true;

    /// <summary>
    /// With <see cref="Batching"/>: a flush sends each run of packets to one address as one send with UDP segmentation
    /// offload (Linux UDP_SEGMENT), the kernel cutting it into the same datagrams; a kernel that refuses it gets one
    /// message per datagram from then on. Counted in <see cref="MediaEngineCounters.SegmentedSends"/>.
    /// </summary>
    public bool SegmentationOffload { get; set; } = true;

    /// <summary>How often consent expiry and connection timeouts are checked.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Pace what the SFU sends each subscriber connection (<c>Sfu.Pacing.PacketPacer</c>: estimate × 2.5, docs/media.md);
    /// false sends every packet as soon as it is forwarded (for measurements against the pacer).
    /// </summary>
    public bool Pacing { get; set; } = true;

    /// <summary>How often the loop gives its tickers a turn while they have work (subscribers' pacers drain their queues).</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(5);
}
