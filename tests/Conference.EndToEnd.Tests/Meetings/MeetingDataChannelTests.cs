using Xunit.Abstractions;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Data channels through the SFU (issue #5): participants send on `reliable` / `lossy` (everyone else) or
/// `reliable/&lt;participantId&gt;` (only that one) on their publisher connection; the SFU delivers on the receiver's
/// subscriber connection on `reliable/&lt;sender&gt;` / `lossy/&lt;sender&gt;`, text as text and binary as binary, up to
/// 256 KiB. A channel naming an unknown participant is closed and its sender gets a `dataError` event.
/// </summary>
[Collection(MeetingCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MeetingDataChannelTests(MeetingFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const int LargeMessage = 200 * 1024;

    [LoopbackNamespaceFact]
    public async Task Three_chromium_participants_exchange_reliable_lossy_targeted_binary_and_large_messages()
    {
        await using var room = await MeetingRoom.CreateAsync(fixture, "data");
        await room.RunAsync(async () =>
        {
            var ada = await room.JoinAsync(fixture.Users[0]);
            var grace = await room.JoinAsync(fixture.Users[1]);
            var linus = await room.JoinAsync(fixture.Users[2]);
            foreach (var p in new[] { ada, grace, linus }) await p.WaitForSubscriberAsync(Timeout);

            await ada.SendTextAsync("reliable", "hello from Ada");
            for (int i = 0; i < 5; i++) await grace.SendTextAsync("lossy", $"lossy {i} from Grace");
            await linus.SendTextAsync($"reliable/{ada.ParticipantId}", "for Ada only");
            var small = await ada.SendBinaryAsync("reliable", 1000, seed: 1);
            var large = await grace.SendBinaryAsync("reliable", LargeMessage, seed: 2);
            await linus.SendTextAsync("reliable", "after the targeted one");

            foreach (var (at, others) in new[] { (ada, new[] { grace, linus }), (grace, new[] { ada, linus }), (linus, new[] { ada, grace }) })
            {
                var messages = await Poll.UntilAsync(at.DataMessagesAsync, ms =>
                        (at == ada || ms.Any(m => m.Text == "hello from Ada")) && (at == grace || ms.Any(m => m.Size == LargeMessage))
                        && (at == linus || ms.Any(m => m.Text == "after the targeted one")),
                    Timeout, $"{at.User.Name} to receive the broadcasts");
                output.WriteLine($"{at.User.Name}: {string.Join(", ", messages.Select(m => $"{m.Label}:{m.Kind}:{m.Size}"))}");
                Assert.DoesNotContain(messages, m => m.Sender == at.ParticipantId); // nothing of one's own comes back
                // The label names the real sender (each text says who sent it) and the channel kind it was sent on.
                var senderOfText = new Dictionary<string, ChromiumParticipant>
                {
                    ["hello from Ada"] = ada, ["for Ada only"] = linus, ["after the targeted one"] = linus,
                };
                foreach (var m in messages)
                {
                    Assert.Contains(others, o => o.ParticipantId == m.Sender);
                    if (m.Text is { } text && senderOfText.TryGetValue(text, out var sender))
                        Assert.Equal($"reliable/{sender.ParticipantId}", m.Label);
                    if (m.Text?.StartsWith("lossy ", StringComparison.Ordinal) == true)
                        Assert.Equal($"lossy/{grace.ParticipantId}", m.Label);
                }
                if (at != ada)
                {
                    var binary = messages.Single(m => m.Sender == ada.ParticipantId && m.Kind == "binary");
                    Assert.Equal((small.Size, small.Hash), (binary.Size, binary.Hash));
                }
                if (at != grace)
                {
                    var big = messages.Single(m => m.Size == LargeMessage);
                    Assert.Equal(("binary", large.Hash, grace.ParticipantId), (big.Kind, big.Hash, big.Sender));
                    // Lossy: unordered, no retransmissions; on loopback nothing is lost, but only "some" is promised.
                    var lossy = messages.Where(m => m.Sender == grace.ParticipantId && !m.Reliable).ToArray();
                    Assert.NotEmpty(lossy);
                    Assert.All(lossy, m => Assert.Equal((false, 0), (m.Ordered, m.MaxRetransmits)));
                    Assert.All(lossy, m => Assert.StartsWith("lossy ", m.Text));
                }
                // Targeted: only Ada gets Linus's private message.
                Assert.Equal(at == ada ? 1 : 0, messages.Count(m => m.Text == "for Ada only"));
            }
        });
    }

    [LoopbackNamespaceFact]
    public async Task A_channel_to_an_unknown_participant_is_closed_with_a_data_error_event()
    {
        await using var room = await MeetingRoom.CreateAsync(fixture, "data error");
        await room.RunAsync(async () =>
        {
            var ada = await room.JoinAsync(fixture.Users[0]);
            var grace = await room.JoinAsync(fixture.Users[1]);
            await grace.WaitForSubscriberAsync(Timeout);
            await ada.EvaluateAsync("() => meeting.openChannel('reliable/nobody-here')");

            var events = await Poll.UntilAsync(ada.EventsAsync, es => es.Any(e => e.Type == "dataError"), Timeout, "Ada's dataError event");
            await Poll.UntilAsync(async () => (await ada.EvaluateAsync("() => meeting.channelState('reliable/nobody-here')")).GetString(),
                state => state == "closed", Timeout, "the channel to close");
            Assert.Contains("nobody-here", events.First(e => e.Type == "dataError").Error);

            // Ada's other channels still work.
            await ada.SendTextAsync("reliable", "still here");
            await Poll.UntilAsync(grace.DataMessagesAsync, ms => ms.Any(m => m.Text == "still here" && m.Sender == ada.ParticipantId),
                Timeout, "Grace to receive Ada's message after the error");
        });
    }

    [LoopbackNamespaceFact]
    public async Task A_werift_participant_and_a_chromium_participant_exchange_text_and_binary_messages()
    {
        await using var room = await MeetingRoom.CreateAsync(fixture, "werift data");
        await using var werift = WeriftParticipant.Start();
        await room.RunAsync(async () =>
        {
            try
            {
                var ada = await room.JoinAsync(fixture.Users[0]);
                await werift.JoinAsync(fixture.Server.HubUrl, fixture.Users[1], room.RoomId, Timeout);
                await ada.WaitForSubscriberAsync(Timeout);
                await werift.Events.WaitForAsync(e => WeriftParticipant.Type(e) == "state" && e.GetProperty("connection").GetString() == "subscriber"
                    && e.GetProperty("state").GetString() == "connected", Timeout, "werift's subscriber connection to connect");

                await werift.SendTextAsync("reliable", "hello from werift");
                byte[] fromWerift = DataPattern.Bytes(LargeMessage, seed: 3);
                await werift.SendBinaryAsync("reliable", fromWerift);
                await ada.SendTextAsync($"reliable/{werift.ParticipantId}", "hello werift");
                var fromAda = await ada.SendBinaryAsync("reliable", 5000, seed: 4);

                var atAda = await Poll.UntilAsync(ada.DataMessagesAsync, ms => ms.Count >= 2, Timeout, "Ada to receive werift's messages");
                Assert.All(atAda, m => Assert.Equal((werift.ParticipantId, $"reliable/{werift.ParticipantId}"), (m.Sender, m.Label)));
                Assert.Equal("hello from werift", atAda.Single(m => m.Kind == "text").Text);
                var big = atAda.Single(m => m.Kind == "binary");
                Assert.Equal((fromWerift.Length, DataPattern.Fnv1a(fromWerift)), (big.Size, big.Hash!.Value));

                string label = $"reliable/{ada.ParticipantId}";
                var text = await werift.Events.WaitForAsync(e => WeriftParticipant.Type(e) == "dc" && e.GetProperty("kind").GetString() == "text",
                    Timeout, "werift to receive Ada's text");
                var binary = await werift.Events.WaitForAsync(e => WeriftParticipant.Type(e) == "dc" && e.GetProperty("kind").GetString() == "binary",
                    Timeout, "werift to receive Ada's binary message");
                Assert.Equal((label, "hello werift"), (text.GetProperty("label").GetString(), text.GetProperty("text").GetString()));
                Assert.Equal((label, fromAda.Size, fromAda.Hash), (binary.GetProperty("label").GetString(),
                    binary.GetProperty("size").GetInt64(), (long?)binary.GetProperty("hash").GetInt64()));
                Assert.Empty(werift.Errors);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{e.Message}\n--- werift ---\n{werift.Diagnostics}\n" +
                    string.Join("\n", werift.Events.Snapshot().Where(ev => WeriftParticipant.Type(ev) != "stats").TakeLast(40)), e);
            }
        });
    }
}
