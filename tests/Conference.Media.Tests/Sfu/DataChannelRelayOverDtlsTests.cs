using System.Collections.Concurrent;
using System.Text;
using Conference.Media.Dtls;
using Conference.Media.Sctp;
using Conference.Media.Sfu;
using Conference.Media.Tests.Dtls;

namespace Conference.Media.Tests.Sfu;

/// <summary>
/// The relay with its real threading: every connection is SCTP over its own DTLS pair, so messages arrive on each
/// publisher's DTLS thread and are queued on the subscribers' associations concurrently.
/// </summary>
public sealed class DataChannelRelayOverDtlsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Everyone_sending_at_once_reaches_everyone_else_in_order()
    {
        const int Messages = 100;
        string[] ids = ["p0", "p1", "p2"];
        var errors = new ConcurrentQueue<string>();
        var relay = new DataChannelRelay(null, (participant, error) => errors.Enqueue($"{participant}: {error}"));
        var legs = new List<DtlsLeg>();
        var received = ids.ToDictionary(id => id, _ => new ConcurrentQueue<(string Label, string Text)>());
        try
        {
            var publishers = new Dictionary<string, DtlsLeg>();
            foreach (string id in ids)
            {
                relay.AddParticipant(id);
                DtlsLeg publisher = new(), subscriber = new();
                legs.Add(publisher);
                legs.Add(subscriber);
                publishers[id] = publisher;
                publisher.Sfu.DataChannelOpened += channel => relay.OnPublisherChannel(id, channel);
                subscriber.Client.DataChannelOpened += channel =>
                    channel.MessageReceived += (_, data) => received[id].Enqueue((channel.Label, Encoding.UTF8.GetString(data)));
                relay.SetSubscriber(id, subscriber.Sfu.CreateDataChannel);
            }
            await Task.WhenAll(legs.Select(leg => leg.ConnectAsync())).WaitAsync(Wait);

            var channels = new Dictionary<string, DataChannel>();
            foreach (string id in ids) channels[id] = await publishers[id].OpenAsync("reliable").WaitAsync(Wait);
            var big = new string('x', 200 * 1024);
            await Task.WhenAll(ids.Select(id => Task.Run(() =>
            {
                for (int i = 0; i < Messages; i++) channels[id].Send($"{id}:{i}");
                channels[id].Send(big);
            })));

            int expected = (ids.Length - 1) * (Messages + 1);
            await Eventually(() => ids.All(id => received[id].Count >= expected), "every message delivered");
            foreach (string id in ids)
            {
                foreach (string sender in ids.Where(s => s != id))
                {
                    string[] texts = [.. received[id].Where(m => m.Label == $"reliable/{sender}").Select(m => m.Text)];
                    Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"{sender}:{i}").Append(big), texts);
                }
                Assert.Equal(expected, received[id].Count);
            }
            Assert.Empty(errors);
            Assert.Equal(ids.Length * (Messages + 1L), relay.Counters.MessagesReceived);
            Assert.Equal((long)ids.Length * expected, relay.Counters.MessagesRelayed);
        }
        finally
        {
            foreach (DtlsLeg leg in legs) leg.Dispose();
        }
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>One connection: the participant's end (DTLS client) and the SFU's (DTLS server), SCTP over DTLS.</summary>
    private sealed class DtlsLeg : IDisposable
    {
        private static readonly SctpAssociationOptions Options = new() { RtoInitial = TimeSpan.FromMilliseconds(200), RtoMin = TimeSpan.FromMilliseconds(100) };
        private readonly DtlsPipe _dtls = new();
        private readonly SctpAssociation _client, _sfu;

        public DtlsLeg()
        {
            _client = SctpOverDtls.Create(_dtls.Client, Options);
            _sfu = SctpOverDtls.Create(_dtls.Server, Options);
            Client = new DataChannelEndpoint(_client, isDtlsClient: true);
            Sfu = new DataChannelEndpoint(_sfu, isDtlsClient: false);
        }

        public DataChannelEndpoint Client { get; }
        public DataChannelEndpoint Sfu { get; }

        public async Task ConnectAsync()
        {
            await _dtls.ConnectAsync();
            _client.Connect();
            _sfu.Connect();
        }

        public Task<DataChannel> OpenAsync(string label)
        {
            var opened = new TaskCompletionSource<DataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            DataChannel channel = Client.CreateDataChannel(label);
            channel.Opened += () => opened.TrySetResult(channel);
            if (channel.State == DataChannelState.Open) opened.TrySetResult(channel);
            return opened.Task;
        }

        public void Dispose()
        {
            _client.Dispose();
            _sfu.Dispose();
            _dtls.Dispose();
        }
    }
}
