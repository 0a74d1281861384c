using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.SfuLoad.Signaling;

/// <summary>
/// One hub connection joined to a room: PublishTrack(clientTrackId) + PublishOffer for the publisher connection,
/// Subscribe + SubscriberAnswer(revision) for the subscriber connection, re-offers from the `subscriberOffer` event.
/// </summary>
public sealed class ConferenceParticipant : ISfuParticipant
{
    private readonly HubConnection _hub;
    // Events are queued and answered off the hub's receive loop: awaiting an invocation inside an On handler would
    // wait for a completion that the same loop has to read.
    private readonly Channel<JsonElement> _offers = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task? _answering;
    private int _reOffers;
    private string? _failure;

    private ConferenceParticipant(HubConnection hub, string participantId)
    {
        _hub = hub;
        ParticipantId = participantId;
        _hub.On<JsonElement>("subscriberOffer", e => _offers.Writer.TryWrite(e.Clone()));
        _hub.Closed += error =>
        {
            if (!_stop.IsCancellationRequested) _failure ??= $"hub connection closed: {error?.Message ?? "by the server"}";
            return Task.CompletedTask;
        };
    }

    public string ParticipantId { get; }

    public int ReOffersAnswered => Volatile.Read(ref _reOffers);

    public string? Failure => _failure;

    public static async Task<ConferenceParticipant> JoinAsync(Uri hubUrl, string token, string roomId, CancellationToken cancel)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(hubUrl, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        hub.ServerTimeout = TimeSpan.FromSeconds(60); // a saturated 2-core machine may answer pings late
        await hub.StartAsync(cancel);
        try
        {
            var joined = await hub.InvokeAsync<JsonElement>("Join", roomId, cancel);
            return new ConferenceParticipant(hub, joined.GetProperty("participantId").GetString()!);
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    public async Task<string> PublishAsync(string offerSdp, IReadOnlyList<PublishedTrackSpec> tracks, CancellationToken cancel)
    {
        foreach (var track in tracks)
        {
            await _hub.InvokeAsync<JsonElement>("PublishTrack",
                new { kind = track.Kind, source = track.Source, muted = false, clientTrackId = track.ClientTrackId }, cancel);
        }
        return await _hub.InvokeAsync<string>("PublishOffer", offerSdp, cancel);
    }

    public async Task SubscribeAsync(Func<string, string?> answerOffer, CancellationToken cancel)
    {
        JsonElement offer;
        try
        {
            offer = await _hub.InvokeAsync<JsonElement>("Subscribe", cancel);
        }
        catch (HubException ex) when (ex.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "this server has no hub method Subscribe: it does not forward to subscribers yet (docs/protocol.md, subscriber connection)", ex);
        }
        await AnswerAsync(offer, answerOffer, cancel);
        _answering = Task.Run(() => AnswerReOffersAsync(answerOffer));
    }

    /// <summary>Offers are serialized by the server (the next after our answer), so answering in arrival order is enough.</summary>
    private async Task AnswerReOffersAsync(Func<string, string?> answerOffer)
    {
        try
        {
            await foreach (var e in _offers.Reader.ReadAllAsync(_stop.Token))
            {
                await AnswerAsync(e.GetProperty("offer"), answerOffer, _stop.Token);
                Interlocked.Increment(ref _reOffers);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _failure ??= $"answering a re-offer: {ex.Message}";
        }
    }

    private async Task AnswerAsync(JsonElement offer, Func<string, string?> answerOffer, CancellationToken cancel)
    {
        string sdp = offer.GetProperty("sdp").GetString() ?? "";
        int revision = offer.GetProperty("revision").GetInt32();
        string answer = answerOffer(sdp) ?? throw new InvalidOperationException($"our client refused the SFU's offer (revision {revision})");
        await _hub.InvokeAsync("SubscriberAnswer", revision, answer, cancel);
    }

    public async Task LeaveAsync(CancellationToken cancel)
    {
        await _stop.CancelAsync();
        try { await _hub.InvokeAsync("Leave", cancel); }
        catch (Exception) { /* best effort: the step is over, and a dead connection has left anyway */ }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _offers.Writer.TryComplete();
        if (_answering is not null) await _answering;
        await _hub.DisposeAsync();
        _stop.Dispose();
    }
}
