using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

/// <summary>
/// Two associations joined by in-memory queues, pumped on the test thread, with simulated time:
/// deterministic, including loss (a seeded drop rate and/or a predicate per packet).
/// </summary>
internal sealed class SctpPipe : IDisposable
{
    public static SctpAssociationOptions FastOptions => new()
    {
        RtoInitial = TimeSpan.FromMilliseconds(100),
        RtoMin = TimeSpan.FromMilliseconds(50),
        RtoMax = TimeSpan.FromSeconds(1),
        DelayedSackTimeout = TimeSpan.FromMilliseconds(20),
        MaxAssociationRetransmits = 30,
    };

    private readonly Queue<byte[]> _toB = new();
    private readonly Queue<byte[]> _toA = new();
    private readonly Random _random;

    public SctpPipe(SctpAssociationOptions? optionsA = null, SctpAssociationOptions? optionsB = null, double dropRate = 0, int seed = 7)
    {
        _random = new Random(seed);
        DropRate = dropRate;
        A = new SctpAssociation(p => _toB.Enqueue(p.ToArray()), optionsA ?? FastOptions, Time);
        B = new SctpAssociation(p => _toA.Enqueue(p.ToArray()), optionsB ?? FastOptions, Time);
        A.MessageReceived += m => ReceivedByA.Add(m);
        B.MessageReceived += m => ReceivedByB.Add(m);
        A.Closed += r => ClosedA = (true, r);
        B.Closed += r => ClosedB = (true, r);
    }

    public ManualTimeProvider Time { get; } = new();
    public SctpAssociation A { get; }
    public SctpAssociation B { get; }
    public List<SctpMessage> ReceivedByA { get; } = [];
    public List<SctpMessage> ReceivedByB { get; } = [];
    public (bool Closed, string? Reason) ClosedA { get; private set; }
    public (bool Closed, string? Reason) ClosedB { get; private set; }
    public double DropRate { get; set; }

    /// <summary>Decides per parsed packet whether to drop it (in addition to the random rate). Argument: true for A→B.</summary>
    public Func<bool, SctpPacket, bool>? Drop { get; set; }

    /// <summary>Every packet that crossed the pipe (after drops), for assertions on the wire traffic.</summary>
    public List<(bool FromA, SctpPacket Packet)> Delivered { get; } = [];

    /// <summary>Every packet emitted, including the ones dropped.</summary>
    public List<(bool FromA, SctpPacket Packet)> Sent { get; } = [];

    public int DroppedCount { get; private set; }

    public void Pump()
    {
        while (_toB.Count > 0 || _toA.Count > 0)
        {
            bool fromA = _toB.Count > 0;
            byte[] bytes = fromA ? _toB.Dequeue() : _toA.Dequeue();
            Assert.True(SctpPacket.TryParse(bytes, out SctpPacket? packet), "an association emitted an unparsable packet");
            Sent.Add((fromA, packet!));
            if (DropRate > 0 && _random.NextDouble() < DropRate || Drop?.Invoke(fromA, packet!) == true)
            {
                DroppedCount++;
                continue;
            }
            Delivered.Add((fromA, packet!));
            (fromA ? B : A).OnPacket(bytes);
        }
    }

    /// <summary>Pumps and advances simulated time in 10 ms steps until <paramref name="done"/> or the budget runs out.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan? simulatedBudget = null)
    {
        TimeSpan budget = simulatedBudget ?? TimeSpan.FromSeconds(60);
        for (TimeSpan elapsed = TimeSpan.Zero; elapsed <= budget; elapsed += TimeSpan.FromMilliseconds(10))
        {
            Pump();
            if (done()) return true;
            Time.Advance(TimeSpan.FromMilliseconds(10));
        }
        Pump();
        return done();
    }

    public void Connect(bool both = false)
    {
        A.Connect();
        if (both) B.Connect();
        Assert.True(RunUntil(() => A.State == SctpAssociationState.Established && B.State == SctpAssociationState.Established),
            "association did not establish");
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
