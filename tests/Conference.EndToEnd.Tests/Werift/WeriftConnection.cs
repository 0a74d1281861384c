using Conference.Media.Dtls;
using Conference.Media.Peer;

namespace Conference.EndToEnd.Tests.Werift;

/// <summary>Offer from werift → answer from the engine → both sides connected.</summary>
public static class WeriftConnection
{
    /// <param name="subscribe">Runs before werift gets the answer, so no early event (a data channel opening) is missed.</param>
    public static async Task<WebRtcPeer> ConnectAsync(MediaEngine engine, WeriftPeer werift, DtlsRole role, TimeSpan timeout,
        Action<WebRtcPeer>? subscribe = null)
    {
        string offer = await werift.WaitForOfferAsync(timeout);
        Assert.True(engine.TryAcceptOffer(offer, new PeerOptions { Role = role }, out var peer, out var answer, out var error), error);
        try
        {
            subscribe?.Invoke(peer);
            await werift.SetAnswerAsync(answer);
            await peer.Connected.WaitAsync(timeout);
            await werift.WaitConnectedAsync(timeout);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }
}
