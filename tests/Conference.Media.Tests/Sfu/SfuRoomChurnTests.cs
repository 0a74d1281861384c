using System.Collections.Concurrent;
using Conference.Media.Peer;
using Conference.Media.Sfu;
using Conference.Media.Sfu.Rooms;
using Conference.Media.Tests.Peer;

namespace Conference.Media.Tests.Sfu;

/// <summary>
/// The media plane's threading under churn (docs/media.md): while every publisher sends audio and video and the
/// subscribers NACK, signaling publishes and unpublishes video, mutes and unmutes, resubscribes, and makes
/// participants leave and join again, round after round. Every change is posted to the engine's loop while it
/// forwards. Nothing may fault (loop, DTLS threads, the test's own media pump), no pooled cache buffer may be written
/// after its return (the canary), and every packet a subscriber received must decrypt and carry the publisher's
/// payload intact.
/// </summary>
// The canary's count is process-wide: the test that makes a violation on purpose never runs beside the one that checks for none.
[Collection("PooledBufferCanary")]
public sealed class SfuRoomChurnTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Participants = 4;
    private const int Rounds = 40;

    [Fact]
    public async Task Churning_signaling_while_media_flows_faults_nothing_and_every_forwarded_packet_decrypts()
    {
        PooledBufferCanary.Enabled = true;
        long violationsBefore = PooledBufferCanary.Flush();
        var faults = new ConcurrentQueue<string>();
        await using var engine = MediaEngine.Start(new MediaEngineOptions { Faulted = (source, e) => faults.Enqueue($"{source}: {e}") });
        var counters = new SfuCounters();
        var room = new SfuRoom("churn", engine, counters);
        var random = new Random(14);
        int generation = 0;
        var live = new List<ChurnParticipant>();
        var everyone = new List<ChurnParticipant>();
        for (int i = 0; i < Participants; i++)
        {
            var participant = new ChurnParticipant($"p{i}", room, ++generation);
            await participant.JoinAsync();
            lock (live) live.Add(participant);
            everyone.Add(participant);
            await AnswerOffers(room, live);
        }

        using var stop = new CancellationTokenSource();
        var pump = Task.Run(async () =>
        {
            for (int tick = 1; !stop.IsCancellationRequested; tick++)
            {
                ChurnParticipant[] now;
                lock (live) now = live.ToArray();
                foreach (var participant in now)
                {
                    participant.SendMedia();
                    if (tick % 20 == 0) participant.SendNack();
                }
                await Task.Delay(5);
            }
        });

        for (int round = 0; round < Rounds; round++)
        {
            ChurnParticipant target;
            lock (live) target = live[random.Next(live.Count)];
            switch (random.Next(5))
            {
                case 0: // publish or unpublish the camera
                    target.PublishesVideo = !target.PublishesVideo;
                    await room.SetTracksAsync(target.Id, target.Tracks);
                    break;
                case 1: // mute or unmute the microphone
                    target.Muted = !target.Muted;
                    await room.SetTracksAsync(target.Id, target.Tracks);
                    break;
                case 2: // a fresh subscriber connection
                    await target.SubscribeAsync();
                    break;
                default: // leave, and join again as the same participant with new connections
                    lock (live) live.Remove(target);
                    await target.LeaveAsync();
                    var again = new ChurnParticipant(target.Id, room, ++generation);
                    await again.JoinAsync();
                    lock (live) live.Add(again);
                    everyone.Add(again);
                    break;
            }
            await AnswerOffers(room, live);
            await Task.Delay(random.Next(20, 120)); // media keeps flowing between changes
        }

        await stop.CancelAsync();
        await pump; // the pump's own exceptions surface here
        foreach (var participant in live.ToList()) await participant.LeaveAsync();
        await room.DisposeAsync();

        Assert.Empty(faults);
        Assert.Equal(0, engine.Counters.LoopFaults);
        Assert.Equal(0, engine.Counters.DtlsFaults);
        Assert.Equal(violationsBefore, PooledBufferCanary.Flush());
        var clientCounters = everyone.SelectMany(p => p.Counters).ToList();
        Assert.Equal((0L, 0L, 0L), (clientCounters.Sum(c => c.SrtpAuthenticationFailures), clientCounters.Sum(c => c.SrtpMalformed),
            clientCounters.Sum(c => c.SrtpReplays)));
        // Forwarding to a section starts only after its answer, but a packet already in a test client's socket when it
        // applies an offer removing that section is unroutable there (as in any browser); a loaded machine widens that
        // window to a few packets. More than that would mean forwarding to sections the subscriber never accepted.
        long unroutable = clientCounters.Sum(c => c.DroppedUnroutableRtp);
        Assert.True(unroutable <= everyone.Sum(p => p.Received) / 100, $"{unroutable} packets arrived for no negotiated section");
        Assert.Equal(0, everyone.Sum(p => p.Corrupt));
        Assert.True(counters.ForwardedPackets > 1000, $"only {counters.ForwardedPackets} packets forwarded");
        Assert.True(everyone.Sum(p => p.Received) > counters.ForwardedPackets / 2,
            $"{everyone.Sum(p => p.Received)} of {counters.ForwardedPackets} forwarded packets arrived");
        Assert.True(counters.Retransmissions > 0);
        // Connect time under churn (recorded, never asserted: docs/benchmarks.md).
        foreach (var side in new[] { "publisher", "subscriber" })
        {
            var ms = counters.FirstForwardSamples.Where(s => s.Side == side).Select(s => s.Milliseconds).Order().ToList();
            if (ms.Count > 0) output.WriteLine($"{side}: first forwarded packet after p50 {ms[ms.Count / 2]:0} ms, p95 {ms[(int)(ms.Count * 0.95)]:0} ms (n={ms.Count})");
        }
    }

    /// <summary>Answers every offer the last changes produced (each may produce more, until none is left).</summary>
    private static async Task AnswerOffers(SfuRoom room, List<ChurnParticipant> live)
    {
        for (var offers = room.TakeOffers(); offers.Count > 0; offers = room.TakeOffers())
        {
            foreach (var offer in offers)
            {
                ChurnParticipant? participant;
                lock (live) participant = live.LastOrDefault(p => p.Id == offer.ParticipantId);
                if (participant is not null) await participant.AnswerAsync(offer);
            }
        }
    }
}
