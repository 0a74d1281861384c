using Conference.Media;
using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Meetings;

/// <summary>How a subscriber shows a video track: its size in device pixels, or hidden (docs/protocol.md, "Simulcast").</summary>
public sealed record VideoViewInput(int? Width, int? Height, bool Hidden = false);

public sealed partial class ConferenceHub
{
    private const int MaxViewPixels = 16384;

    /// <summary>
    /// The size this participant displays another participant's video track at (a tile resized, minimised, scrolled out
    /// of view): the SFU forwards the simulcast layer that fits and nothing while hidden, and publishers stop encoding
    /// layers nobody needs (the `layersChanged` event).
    /// </summary>
    public async Task SetVideoView(string trackId, VideoViewInput view)
    {
        var (roomId, participantId) = Membership();
        if (string.IsNullOrWhiteSpace(trackId)) throw new HubException("'trackId' is required.");
        if (view is null) throw new HubException("'view' is required: {width, height} or {hidden: true}.");
        int width = 0, height = 0;
        if (!view.Hidden)
        {
            if (view.Width is not (> 0 and <= MaxViewPixels) || view.Height is not (> 0 and <= MaxViewPixels))
                throw new HubException($"'{(view.Width is > 0 and <= MaxViewPixels ? "height" : "width")}' must be between 1 and {MaxViewPixels} (device pixels), or set 'hidden'.");
            (width, height) = (view.Width.Value, view.Height.Value);
        }
        Unwrap(await Router(roomId, router => router.SetVideoView(participantId, trackId, width, height)));
    }
}
