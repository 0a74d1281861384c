using System.Text;
using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

public sealed class DataChannelTests
{
    private sealed class Endpoints : IDisposable
    {
        public Endpoints()
        {
            Pipe = new SctpPipe();
            Client = new DataChannelEndpoint(Pipe.A, isDtlsClient: true);
            Server = new DataChannelEndpoint(Pipe.B, isDtlsClient: false);
            Client.DataChannelOpened += c => OpenedAtClient.Add(c);
            Server.DataChannelOpened += c => OpenedAtServer.Add(c);
            Pipe.Connect(both: true);
        }

        public SctpPipe Pipe { get; }
        public DataChannelEndpoint Client { get; }
        public DataChannelEndpoint Server { get; }
        public List<DataChannel> OpenedAtClient { get; } = [];
        public List<DataChannel> OpenedAtServer { get; } = [];

        public void Dispose() => Pipe.Dispose();
    }

    [Fact]
    public void Dcep_open_and_ack_work_in_both_directions_with_stream_id_parity()
    {
        using var e = new Endpoints();

        DataChannel chat = e.Client.CreateDataChannel("chat", new DataChannelOptions { Protocol = "json" });
        DataChannel files = e.Server.CreateDataChannel("files");

        Assert.True(e.Pipe.RunUntil(() => e.OpenedAtServer.Count == 1 && e.OpenedAtClient.Count == 1));
        Assert.Equal(0, chat.Id % 2);  // RFC 8832 §6: DTLS client uses even ids
        Assert.Equal(1, files.Id % 2); // and the server odd ones
        Assert.Equal(("chat", "json", chat.Id), (e.OpenedAtServer[0].Label, e.OpenedAtServer[0].Protocol, e.OpenedAtServer[0].Id));
        Assert.Equal(("files", files.Id), (e.OpenedAtClient[0].Label, e.OpenedAtClient[0].Id));
        Assert.True(e.Pipe.RunUntil(() => chat.Acknowledged && files.Acknowledged));
        Assert.Equal(DataChannelState.Open, chat.State);
        Assert.Equal(DataChannelState.Open, e.OpenedAtServer[0].State);
        Assert.Contains(e.Pipe.Delivered, d => d.Packet.Chunks.OfType<SctpDataChunk>().Any(c => c.Ppid == WebRtcPpid.Dcep && c.UserData.Length == 1));
    }

    [Fact]
    public void Partial_reliability_parameters_reach_the_peer()
    {
        using var e = new Endpoints();

        e.Client.CreateDataChannel("rexmit", new DataChannelOptions { Ordered = false, MaxRetransmits = 0 });
        e.Client.CreateDataChannel("timed", new DataChannelOptions { MaxPacketLifeTime = TimeSpan.FromMilliseconds(1500) });

        Assert.True(e.Pipe.RunUntil(() => e.OpenedAtServer.Count == 2));
        DataChannel rexmit = e.OpenedAtServer.Single(c => c.Label == "rexmit");
        DataChannel timed = e.OpenedAtServer.Single(c => c.Label == "timed");
        Assert.Equal((false, (int?)0, (TimeSpan?)null), (rexmit.Ordered, rexmit.MaxRetransmits, rexmit.MaxPacketLifeTime));
        Assert.Equal((true, (int?)null, (TimeSpan?)TimeSpan.FromMilliseconds(1500)), (timed.Ordered, timed.MaxRetransmits, timed.MaxPacketLifeTime));
    }

    [Fact]
    public void String_binary_and_empty_messages_round_trip()
    {
        using var e = new Endpoints();
        DataChannel local = e.Client.CreateDataChannel("echo");
        Assert.True(e.Pipe.RunUntil(() => e.OpenedAtServer.Count == 1));
        DataChannel remote = e.OpenedAtServer[0];
        var atServer = new List<(bool Binary, byte[] Data)>();
        var atClient = new List<(bool Binary, byte[] Data)>();
        remote.MessageReceived += (binary, data) =>
        {
            atServer.Add((binary, data));
            if (binary) remote.Send(data); else remote.Send(Encoding.UTF8.GetString(data));
        };
        local.MessageReceived += (binary, data) => atClient.Add((binary, data));

        local.Send("héllo");
        local.Send(new byte[] { 1, 2, 3 });
        local.Send("");
        local.Send(ReadOnlySpan<byte>.Empty);

        Assert.True(e.Pipe.RunUntil(() => atClient.Count == 4));
        (bool, byte[])[] expected = [(false, Encoding.UTF8.GetBytes("héllo")), (true, [1, 2, 3]), (false, []), (true, [])];
        Assert.Equal(expected, atServer.Select(m => (m.Binary, m.Data)));
        Assert.Equal(expected, atClient.Select(m => (m.Binary, m.Data)));
    }

    [Fact]
    public void Unreliable_channel_loses_dropped_messages_but_keeps_delivering_the_rest()
    {
        using var e = new Endpoints();
        DataChannel local = e.Client.CreateDataChannel("telemetry", new DataChannelOptions { Ordered = false, MaxRetransmits = 0 });
        Assert.True(e.Pipe.RunUntil(() => e.OpenedAtServer.Count == 1 && local.Acknowledged));
        var received = new List<string>();
        e.OpenedAtServer[0].MessageReceived += (_, data) => received.Add(Encoding.UTF8.GetString(data));
        e.Pipe.Drop = (fromA, p) => fromA && p.Chunks.OfType<SctpDataChunk>().Any(c => Encoding.UTF8.GetString(c.UserData.Span).StartsWith("lost"));

        for (int i = 0; i < 10; i++)
        {
            local.Send(i % 3 == 0 ? $"lost {i}" : $"kept {i}");
            e.Pipe.Pump();
        }

        Assert.True(e.Pipe.RunUntil(() => local.BufferedAmount == 0 && received.Count == 6));
        Assert.Equal(Enumerable.Range(0, 10).Where(i => i % 3 != 0).Select(i => $"kept {i}"), received.Order(StringComparer.Ordinal));
        Assert.Contains(e.Pipe.Delivered, d => d.FromA && d.Packet.Chunks.Any(c => c is SctpForwardTsnChunk));
        Assert.Equal(SctpAssociationState.Established, e.Pipe.B.State);
    }

    [Fact]
    public void Oversized_messages_are_refused()
    {
        using var e = new Endpoints();
        DataChannel channel = e.Client.CreateDataChannel("big");

        Assert.Throws<ArgumentException>(() => channel.Send(new byte[256 * 1024 + 1]));
    }

    [Fact]
    public void Closing_resets_the_streams_and_closes_both_ends()
    {
        using var e = new Endpoints();
        DataChannel local = e.Client.CreateDataChannel("short-lived");
        Assert.True(e.Pipe.RunUntil(() => e.OpenedAtServer.Count == 1));
        DataChannel remote = e.OpenedAtServer[0];
        bool localClosed = false, remoteClosed = false;
        local.Closed += () => localClosed = true;
        remote.Closed += () => remoteClosed = true;

        local.Close();

        Assert.True(e.Pipe.RunUntil(() => localClosed && remoteClosed));
        Assert.Equal(DataChannelState.Closed, local.State);
        Assert.Equal(DataChannelState.Closed, remote.State);
        Assert.Throws<InvalidOperationException>(() => local.Send("x"));
        Assert.Contains(e.Pipe.Delivered, d => d.Packet.Chunks.Any(c => c is SctpReconfigChunk { Request: not null }));
        Assert.Equal(SctpAssociationState.Established, e.Pipe.A.State);
    }

    [Fact]
    public void Both_ends_closing_at_once_still_close_cleanly()
    {
        using var e = new Endpoints();
        DataChannel local = e.Client.CreateDataChannel("both");
        Assert.True(e.Pipe.RunUntil(() => e.OpenedAtServer.Count == 1));
        DataChannel remote = e.OpenedAtServer[0];

        local.Close();
        remote.Close();

        Assert.True(e.Pipe.RunUntil(() => local.State == DataChannelState.Closed && remote.State == DataChannelState.Closed));
        DataChannel next = e.Client.CreateDataChannel("after");
        Assert.True(e.Pipe.RunUntil(() => e.OpenedAtServer.Count == 2));
        Assert.NotEqual(local.Id, next.Id);
    }

    [Fact]
    public void Negotiated_channels_skip_dcep_and_talk_on_the_agreed_id()
    {
        using var e = new Endpoints();
        var options = new DataChannelOptions { NegotiatedId = 42 };
        DataChannel local = e.Client.CreateDataChannel("pre", options);
        DataChannel remote = e.Server.CreateDataChannel("pre", options);
        byte[]? received = null;
        remote.MessageReceived += (_, data) => received = data;

        local.Send(new byte[] { 7 });

        Assert.True(e.Pipe.RunUntil(() => received is not null));
        Assert.Equal(new byte[] { 7 }, received);
        Assert.Equal((ushort)42, local.Id);
        Assert.Empty(e.OpenedAtServer);
        Assert.DoesNotContain(e.Pipe.Sent, d => d.Packet.Chunks.OfType<SctpDataChunk>().Any(c => c.Ppid == WebRtcPpid.Dcep));
    }

    [Fact]
    public void Association_abort_closes_every_channel()
    {
        using var e = new Endpoints();
        DataChannel local = e.Client.CreateDataChannel("a");
        bool closed = false;
        local.Closed += () => closed = true;

        e.Pipe.B.Abort("bye");
        e.Pipe.Pump();

        Assert.True(closed);
        Assert.Equal(DataChannelState.Closed, local.State);
    }
}
