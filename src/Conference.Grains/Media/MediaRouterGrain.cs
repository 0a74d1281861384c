using Conference.Common;
using Conference.Media;
using Conference.Media.Peer;

namespace Conference.Grains.Media;

[Placement.RequiresRole("sfu")]
public sealed class MediaRouterGrain(SfuEngine sfu, ILocalSiloDetails silo) : Grain, IMediaRouterGrain
{
    private readonly Dictionary<string, WebRtcPeer> _publishers = new(StringComparer.Ordinal);
    private long _rtpReceived;

    public async Task<Result<PublishAnswer>> Publish(string participantId, string offerSdp)
    {
        if (sfu.Engine is not { } engine) return ResourceError.Unavailable("This silo runs no media engine.");
        if (string.IsNullOrWhiteSpace(offerSdp) || offerSdp.Length > 64 * 1024)
            return ResourceError.Invalid("sdp", "'sdp' must be an SDP offer of at most 64 KiB.");
        if (!engine.TryAcceptOffer(offerSdp, new PeerOptions(), out var peer, out var answer, out var error))
            return ResourceError.Invalid("sdp", error);
        await Remove(participantId);
        // Runs on the engine's receive loop: count only; forwarding to subscribers is the SFU media plane's job.
        peer.RtpReceived += (_, _, _) => Interlocked.Increment(ref _rtpReceived);
        _publishers[participantId] = peer;
        return new PublishAnswer(answer);
    }

    public Task<Result<bool>> AddPublisherCandidate(string participantId, string candidate)
    {
        if (!_publishers.TryGetValue(participantId, out var peer))
            return Task.FromResult<Result<bool>>(ResourceError.NotFound("Publisher connection", participantId));
        return Task.FromResult<Result<bool>>(peer.TryAddRemoteCandidate(candidate ?? "", out var error)
            ? true
            : ResourceError.Invalid("candidate", error ?? "Not an ICE candidate."));
    }

    public async Task Close(string participantId)
    {
        await Remove(participantId);
        if (_publishers.Count == 0) DeactivateOnIdle();
    }

    private async Task Remove(string participantId)
    {
        if (_publishers.Remove(participantId, out var peer)) await peer.DisposeAsync();
    }

    public Task<RouterInfo> Describe() => Task.FromResult(new RouterInfo(
        silo.SiloAddress.ToString(), sfu.Engine?.LocalEndPoint.ToString() ?? "", _publishers.Count, Interlocked.Read(ref _rtpReceived)));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        foreach (var peer in _publishers.Values) await peer.DisposeAsync();
        _publishers.Clear();
    }
}
