using Xunit.Abstractions;
using static Conference.EndToEnd.Tests.Meetings.MeetingRoom;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Two independent WebRTC implementations through our SFU (issue #4): a werift participant joins through the hub
/// (the same protocol, from node) and exchanges media with a Chromium participant. werift has no encoder: it
/// publishes the camera and microphone it receives, so Chromium decodes frames that went through werift and back.
/// </summary>
[Collection(MeetingCollection.Name)]
[Trait("Category", "Browser")]
[Trait("Category", "Interop")]
public sealed class MeetingWeriftTests(MeetingFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [LoopbackNamespaceFact]
    public async Task A_werift_participant_and_a_chromium_participant_exchange_media_through_the_sfu()
    {
        await using var room = await MeetingRoom.CreateAsync(fixture, "werift media");
        await using var werift = WeriftParticipant.Start();
        await room.RunAsync(async () =>
        {
            try
            {
                var ada = await room.JoinAsync(fixture.Users[0]);
                var joining = System.Diagnostics.Stopwatch.StartNew();
                await werift.JoinAsync(fixture.Server.HubUrl, fixture.Users[1], room.RoomId, Timeout);
                // Connect time (recorded in docs/benchmarks.md, never asserted): join → first packet forwarded to werift.
                await werift.WaitForPacketsAsync(ada.ParticipantId, "video", 1, Timeout);
                output.WriteLine($"werift: join → first forwarded video packet {joining.ElapsedMilliseconds} ms");

                // Chromium → SFU → werift: both of Ada's tracks arrive.
                await werift.WaitForPacketsAsync(ada.ParticipantId, "video", 100, Timeout);
                await werift.WaitForPacketsAsync(ada.ParticipantId, "audio", 50, Timeout);
                // werift → SFU → Chromium: Ada decodes werift's camera and receives its microphone.
                var tracks = await WaitForFlowAsync(ada, CameraAndMicrophone(werift.ParticipantId), Timeout);
                output.WriteLine(string.Join("; ", tracks.Select(t => $"{t.Source}@{t.ParticipantId}: {t.FramesDecoded} frames, {t.PacketsReceived} packets")));
                Assert.Empty(werift.Errors);
                output.WriteLine(await FirstForwardLog.DescribeAsync(fixture.Server));
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{e.Message}\n--- werift ---\n{werift.Diagnostics}\n" +
                    string.Join("\n", werift.Events.Snapshot().Where(ev => WeriftParticipant.Type(ev) != "stats").TakeLast(40)), e);
            }
        });
    }
}
