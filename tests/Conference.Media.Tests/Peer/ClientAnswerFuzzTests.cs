using System.Text;
using Conference.Media.Ice;
using Conference.Media.Peer;
using Conference.Media.Sdp;

namespace Conference.Media.Tests.Peer;

/// <summary>Offers come from the network: mutated first offers and re-offers get true/false, never an exception.</summary>
public sealed class ClientAnswerFuzzTests
{
    private const int Iterations = 2_000;

    [Fact]
    public async Task Mutated_offers_and_re_offers_never_throw()
    {
        var random = new Random(4711);
        var ice = IceCredentials.Generate();
        string seed = ClientAnswerOffers.SfuOffer(ice, ("audio", 0xA1), ("video", 0xB1), ("video", 0xC1)).ToString();
        string[] lines = seed.Split("\r\n");
        await using WebRtcClientPeer answering = WebRtcClientPeer.Create(new WebRtcClientOptions { Certificate = ClientAnswerOffers.Certificate });
        Assert.True(answering.TryAcceptOffer(seed, null, out _, out string? error), error);

        int accepted = 0;
        for (int i = 0; i < Iterations; i++)
        {
            string mutated = Mutate(lines, random);
            // Re-offers against the live session (the cheap path, no socket per case) …
            if (answering.TryAcceptOffer(mutated, null, out string? answer, out _))
            {
                accepted++;
                Assert.True(SessionDescription.TryParse(answer, out _, out string parseError), parseError);
            }
            // … and first offers through the answer builder directly (no exception hidden by a safety net).
            if (i % 4 == 0 && SessionDescription.TryParse(mutated, out SessionDescription offer, out _))
            {
                var transport = new ClientAnswer.Transport(IceCredentials.Generate(), ClientAnswerOffers.Certificate, SetupRole.Active,
                    offer.Media.SelectMany(m => m.Candidates).FirstOrDefault() ?? Candidate(), "1", 262144);
                ClientAnswer.TryCreate(offer, new ClientAnswerOptions(), transport, 1, [], dataAllowed: true, out _, out _);
            }
        }
        Assert.InRange(accepted, 1, Iterations - 1); // both outcomes exercised
    }

    private static IceCandidate Candidate() => new()
    {
        Foundation = "1", Component = 1, Transport = "udp", Priority = 1, Address = "127.0.0.1", Port = 9, Type = "host",
    };

    private static string Mutate(string[] lines, Random random)
    {
        var copy = lines.ToList();
        int index = random.Next(copy.Count);
        switch (random.Next(4))
        {
            case 0:
                copy.RemoveAt(index);
                break;
            case 1:
                copy.Insert(index, copy[random.Next(copy.Count)]);
                break;
            case 2:
                var chars = copy[index].ToCharArray();
                if (chars.Length > 0) chars[random.Next(chars.Length)] = "0 :=/-x9\t"[random.Next(9)];
                copy[index] = new string(chars);
                break;
            default:
                copy[index] = copy[index].Substring(0, random.Next(copy[index].Length + 1));
                break;
        }
        return new StringBuilder().AppendJoin("\r\n", copy).ToString();
    }
}
