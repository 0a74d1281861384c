using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// One test's room and its Chromium participants, with the waits the tests share: "media from these senders is
/// flowing here", "that counter stopped". Failures carry every page's state and the server's log.
/// </summary>
public sealed class MeetingRoom(ConferenceServer server, Func<ServerUser, Task<ChromiumParticipant>> open, string roomId) : IAsyncDisposable
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private readonly List<ChromiumParticipant> _participants = [];

    public string RoomId => roomId;

    public static async Task<MeetingRoom> CreateAsync(MeetingFixture fixture, string name) =>
        new(fixture.Server, fixture.OpenParticipantAsync, await fixture.Accounts.CreateRoomAsync(name));

    public async Task<ChromiumParticipant> JoinAsync(ServerUser user, JsonObject? options = null)
    {
        var participant = await open(user);
        _participants.Add(participant);
        await participant.JoinAsync(server.HubUrl, roomId, options);
        return participant;
    }

    /// <summary>Runs the test's steps; a failure gets every participant's state and the server log attached.</summary>
    public async Task RunAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception e)
        {
            var states = new List<string>();
            foreach (var p in _participants) states.Add(await p.DescribeAsync());
            string log = server.Log;
            if (log.Length > 20_000) log = "…" + log[^20_000..];
            throw new XunitException($"{e.GetType().Name}: {e.Message}\n\n--- participants ---\n{string.Join("\n\n", states)}" +
                $"\n\n--- server log ---\n{log}\n\n{e.StackTrace}");
        }
    }

    /// <summary>
    /// Waits until <paramref name="at"/> receives each (sender, source) track: video decoded (framesDecoded &gt; 0),
    /// audio arriving (packetsReceived &gt; 0); then until every one of those counters grew again (still flowing).
    /// </summary>
    public static async Task<IReadOnlyList<ReceivedTrack>> WaitForFlowAsync(ChromiumParticipant at,
        IReadOnlyCollection<(string ParticipantId, string Source)> expected, TimeSpan timeout)
    {
        var first = await Poll.UntilAsync(at.TracksAsync, tracks => expected.All(e => Find(tracks, e) is { } t && Counter(t) > 0),
            timeout, $"{at.User.Name} to receive {Describe(expected)}");
        var before = expected.ToDictionary(e => e, e => Counter(Find(first, e)!));
        return await Poll.UntilAsync(at.TracksAsync, tracks => expected.All(e => Counter(Find(tracks, e)!) > before[e]),
            timeout, $"{Describe(expected)} to keep flowing at {at.User.Name}");
    }

    /// <summary>The live (not removed) track from that sender with that source ("camera", "microphone", "screen").</summary>
    public static ReceivedTrack? Find(IEnumerable<ReceivedTrack> tracks, (string ParticipantId, string Source) which) =>
        tracks.FirstOrDefault(t => t.ParticipantId == which.ParticipantId && t.Source == which.Source && !t.Removed);

    /// <summary>What proves media of a track arrives: decoded frames for video, packets for audio.</summary>
    public static long Counter(ReceivedTrack track) => track.Kind == "video" ? track.FramesDecoded : track.PacketsReceived;

    /// <summary>Camera and microphone of each sender.</summary>
    public static (string, string)[] CameraAndMicrophone(params ChromiumParticipant[] senders) =>
        CameraAndMicrophone(senders.Select(s => s.ParticipantId).ToArray());

    public static (string, string)[] CameraAndMicrophone(params string[] participantIds) =>
        participantIds.SelectMany(id => new[] { (id, "camera"), (id, "microphone") }).ToArray();

    private static string Describe(IEnumerable<(string ParticipantId, string Source)> expected) =>
        string.Join(", ", expected.Select(e => $"{e.ParticipantId}'s {e.Source}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var participant in _participants) await participant.DisposeAsync();
    }
}
