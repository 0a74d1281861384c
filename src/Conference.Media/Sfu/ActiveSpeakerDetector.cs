using Conference.Media.Rtp;

namespace Conference.Media.Sfu;

/// <summary>
/// Picks the dominant speaker of a room from the RFC 6464 client-to-mixer audio level that browsers put
/// in every audio packet (−dBov: 0 loudest, 127 silence), without decoding audio. Each track's level is
/// averaged over a sliding window; a new speaker must be the loudest, by a margin, for
/// <see cref="ActiveSpeakerOptions.SwitchDelay"/> before the change is reported. When everyone is
/// silent the last speaker stays (the UI keeps showing who spoke last).
/// Not thread-safe: feed and update it from one loop.
/// </summary>
public sealed class ActiveSpeakerDetector
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, TrackLevels> _tracks = new(StringComparer.Ordinal);
    private readonly long _windowTicks;
    private readonly long _switchDelayTicks;
    private string? _candidate;
    private long _candidateSince;

    public ActiveSpeakerDetector(ActiveSpeakerOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? new ActiveSpeakerOptions();
        _time = time ?? TimeProvider.System;
        _windowTicks = (long)(Options.Window.TotalSeconds * _time.TimestampFrequency);
        _switchDelayTicks = (long)(Options.SwitchDelay.TotalSeconds * _time.TimestampFrequency);
    }

    public ActiveSpeakerOptions Options { get; }

    /// <summary>The track id of the dominant speaker, null until someone has spoken.</summary>
    public string? CurrentSpeaker { get; private set; }

    /// <summary>Raised by <see cref="Update"/> with the new speaker's track id.</summary>
    public event Action<string>? SpeakerChanged;

    public void AddTrack(string trackId) => _tracks.TryAdd(trackId, new TrackLevels());

    /// <summary>Forgets a track; if it was the speaker, the next one to speak takes over after the usual delay.</summary>
    public void RemoveTrack(string trackId)
    {
        _tracks.Remove(trackId);
        if (CurrentSpeaker == trackId) CurrentSpeaker = null;
        if (_candidate == trackId) _candidate = null;
    }

    /// <summary>Records one packet's level for a track added with <see cref="AddTrack"/> (others are ignored).</summary>
    public void OnAudioLevel(string trackId, byte level)
    {
        if (_tracks.TryGetValue(trackId, out var track)) track.Add(_time.GetTimestamp(), level);
    }

    /// <summary>Reads the audio-level extension (negotiated id) of an RTP packet; false when it has none.</summary>
    public bool OnRtpPacket(string trackId, ReadOnlySpan<byte> packet, in RtpHeader header, int audioLevelExtensionId)
    {
        if (!RtpHeaderExtensions.TryGetValue(packet, header, audioLevelExtensionId, out var value) ||
            !AudioLevel.TryRead(value, out var level))
        {
            return false;
        }
        OnAudioLevel(trackId, level.Level);
        return true;
    }

    /// <summary>The track's level averaged over the window, as loudness in dB above silence (0 = silent, 127 = loudest).</summary>
    public double GetSmoothedLoudness(string trackId) =>
        _tracks.TryGetValue(trackId, out var track) ? track.Loudness(_time.GetTimestamp(), _windowTicks) : 0;

    /// <summary>Re-evaluates the speaker; call it on every level or on a timer (e.g. every 100 ms). True when the speaker changed.</summary>
    public bool Update()
    {
        long now = _time.GetTimestamp();
        string? loudest = null;
        double loudestLevel = 127 - Options.SilenceLevel; // anything at or below this is silence
        double currentLevel = 0;
        foreach (var (id, track) in _tracks)
        {
            double loudness = track.Loudness(now, _windowTicks);
            if (id == CurrentSpeaker) currentLevel = loudness;
            if (loudness > loudestLevel)
            {
                loudest = id;
                loudestLevel = loudness;
            }
        }

        bool challenges = loudest is not null && loudest != CurrentSpeaker &&
            (CurrentSpeaker is null || loudestLevel >= currentLevel + Options.MarginDb);
        if (!challenges)
        {
            _candidate = null;
            return false;
        }
        if (_candidate != loudest)
        {
            _candidate = loudest;
            _candidateSince = now;
            return false;
        }
        if (now - _candidateSince < _switchDelayTicks) return false;

        CurrentSpeaker = loudest!;
        _candidate = null;
        SpeakerChanged?.Invoke(CurrentSpeaker);
        return true;
    }

    /// <summary>The last 64 levels of one track with their arrival times (64 × 20 ms covers windows up to 1.28 s).</summary>
    private sealed class TrackLevels
    {
        private const int Slots = 64;
        private readonly long[] _times = new long[Slots];
        private readonly byte[] _loudness = new byte[Slots];
        private int _next;
        private int _count;

        public void Add(long now, byte level)
        {
            _times[_next] = now;
            _loudness[_next] = (byte)(127 - Math.Min(level, (byte)127));
            _next = (_next + 1) % Slots;
            _count = Math.Min(_count + 1, Slots);
        }

        /// <summary>
        /// Mean over the samples inside the window. Averaging dB values (rather than power) is deliberate: it rewards
        /// sustained speech over a short loud burst, which is what "dominant" means here.
        /// </summary>
        public double Loudness(long now, long window)
        {
            int sum = 0, samples = 0;
            for (int i = 0; i < _count; i++)
            {
                int slot = (_next - 1 - i + Slots) % Slots;
                if (now - _times[slot] > window) break;
                sum += _loudness[slot];
                samples++;
            }
            return samples == 0 ? 0 : (double)sum / samples;
        }
    }
}
