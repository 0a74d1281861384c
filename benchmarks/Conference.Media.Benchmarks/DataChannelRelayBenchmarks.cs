using BenchmarkDotNet.Attributes;
using Conference.Media.Sctp;
using Conference.Media.Sfu;

namespace Conference.Media.Benchmarks;

/// <summary>
/// Data-channel messages through the SFU for a room of <see cref="Participants"/>, everyone sending and everyone
/// receiving, over real SCTP-over-DTLS connections in this process (a publisher and a subscriber connection per
/// participant). One operation is one message delivered to one recipient; an invocation is a burst of
/// <see cref="MessagesPerSender"/> reliable messages from every participant, timed until every copy has arrived.
/// <para>
/// <c>Relayed</c>: clients send on their publisher connection's <c>reliable</c> channel; <see cref="DataChannelRelay"/>
/// fans each message out to the others' <c>reliable/&lt;sender&gt;</c> channels. Baseline <c>Direct</c>: the same
/// subscriber connections, the SFU sending the same copies itself on channels opened on them: the cost of delivery
/// alone, without the publisher leg and the relay.
/// </para>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class DataChannelRelayBenchmarks
{
    private const int MessagesPerSender = 100;
    private const int Deliveries = 10 * 9 * MessagesPerSender;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<DataChannelBenchLeg> _legs = [];
    private readonly ManualResetEventSlim _allArrived = new();
    private DataChannel[] _publish = [];
    private DataChannel[][] _direct = []; // [recipient][sender], opened by the SFU on the recipient's subscriber connection
    private DataChannelRelay? _relay;
    private byte[] _message = [];
    private int _received;
    private int _expected;

    [Params(10)]
    public int Participants { get; set; }

    [Params(100, 1000)]
    public int MessageSize { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        if (Participants != 10) throw new InvalidOperationException("Deliveries assumes 10 participants.");
        _message = new byte[MessageSize];
        new Random(1).NextBytes(_message);
        _relay = new DataChannelRelay(null, (participant, error) => throw new InvalidOperationException($"{participant}: {error}"));
        var publishers = new DataChannelBenchLeg[Participants];
        var subscribers = new DataChannelBenchLeg[Participants];
        for (int p = 0; p < Participants; p++)
        {
            string id = $"p{p}";
            _relay.AddParticipant(id);
            publishers[p] = new DataChannelBenchLeg();
            subscribers[p] = new DataChannelBenchLeg();
            _legs.Add(publishers[p]);
            _legs.Add(subscribers[p]);
            publishers[p].Sfu.DataChannelOpened += channel => _relay.OnPublisherChannel(id, channel);
            subscribers[p].Client.DataChannelOpened += channel => channel.MessageReceived += (_, _) => Arrived();
            _relay.SetSubscriber(id, subscribers[p].Sfu.CreateDataChannel);
        }
        await Task.WhenAll(_legs.Select(leg => leg.ConnectAsync()));
        _publish = await Task.WhenAll(publishers.Select(leg => DataChannelBenchLeg.OpenAsync(leg.Client, "reliable")));
        _direct = new DataChannel[Participants][];
        for (int r = 0; r < Participants; r++)
        {
            _direct[r] = new DataChannel[Participants];
            for (int s = 0; s < Participants; s++)
            {
                if (s != r) _direct[r][s] = await DataChannelBenchLeg.OpenAsync(subscribers[r].Sfu, $"direct/p{s}");
            }
        }
        // Let the relay open its subscriber channels before measuring.
        Burst(1, () => { foreach (DataChannel channel in _publish) channel.Send(_message); });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Deliveries)]
    public void Direct() => Burst(MessagesPerSender, () =>
    {
        for (int s = 0; s < Participants; s++)
        {
            for (int r = 0; r < Participants; r++)
            {
                if (r != s) _direct[r][s].Send(_message);
            }
        }
    });

    [Benchmark(OperationsPerInvoke = Deliveries)]
    public void Relayed() => Burst(MessagesPerSender, () =>
    {
        foreach (DataChannel channel in _publish) channel.Send(_message);
    });

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (DataChannelBenchLeg leg in _legs) leg.Dispose();
        _legs.Clear();
    }

    /// <summary>Runs <paramref name="sendRound"/> (one message from every sender to every other) n times, waits for all copies.</summary>
    private void Burst(int rounds, Action sendRound)
    {
        _allArrived.Reset();
        Volatile.Write(ref _received, 0);
        Volatile.Write(ref _expected, rounds * Participants * (Participants - 1));
        for (int i = 0; i < rounds; i++) sendRound();
        if (!_allArrived.Wait(Timeout))
            throw new TimeoutException($"{Volatile.Read(ref _received)} of {_expected} messages arrived; relay: dropped " +
                $"{_relay!.Counters.ReliableDropped}, closed {_relay.Counters.ReliableChannelsClosed}.");
    }

    private void Arrived()
    {
        if (Interlocked.Increment(ref _received) == Volatile.Read(ref _expected)) _allArrived.Set();
    }
}
