using System.Text;
using Conference.Media.Sdp;

namespace Conference.Media.Tests.Sdp;

/// <summary>
/// Signaling input is untrusted: the parser must answer true/false and never throw. These call the internal
/// reader directly, so an exception is not hidden by the public TryParse safety net.
/// </summary>
public sealed class SdpFuzzTests
{
    private const int Iterations = 10_000;
    private const string Alphabet = "vosctmab=:/ -;,~*\r\n0123456789abcdefxyzIPUDTLSRTAVFN.{}\t\0é";

    [Fact]
    public void Random_text_never_throws()
    {
        var random = new Random(2024);
        var sb = new StringBuilder();
        for (int i = 0; i < Iterations; i++)
        {
            sb.Clear();
            if (i % 2 == 0) sb.Append("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n"); // get past the header half the time
            int length = random.Next(0, 300);
            for (int k = 0; k < length; k++) sb.Append(Alphabet[random.Next(Alphabet.Length)]);
            AssertNeverThrowsAndRoundTrips(sb.ToString());
        }
    }

    [Fact]
    public void Mutated_browser_offers_never_throw_and_accepted_ones_round_trip()
    {
        var random = new Random(7);
        string[] seeds = [BrowserOffers.Chromium, BrowserOffers.Firefox];
        int accepted = 0;
        for (int i = 0; i < Iterations; i++)
        {
            var seed = seeds[i % 2];
            string mutated = (i % 4) switch
            {
                0 => seed.Substring(0, random.Next(seed.Length)),                                  // truncation
                1 => MutateCharacters(seed, random),
                2 => DropOrDuplicateLine(seed, random),
                _ => MutateInsideLine(seed, random),
            };
            if (AssertNeverThrowsAndRoundTrips(mutated)) accepted++;
        }
        Assert.InRange(accepted, 1, Iterations - 1); // both outcomes are exercised
    }

    [Fact]
    public void Random_candidate_strings_never_throw()
    {
        var random = new Random(11);
        const string seed = "candidate:842163049 1 udp 1677729535 192.0.2.7 61665 typ srflx raddr 10.0.0.1 rport 9 generation 0 ufrag EsAw";
        for (int i = 0; i < Iterations; i++)
        {
            var text = i % 2 == 0 ? seed.Substring(0, random.Next(seed.Length)) : MutateCharacters(seed, random);
            if (IceCandidate.TryParse(text, out var c, out _))
            {
                Assert.True(IceCandidate.TryParse(c.ToString(), out var again, out var error), error);
                Assert.Equal(c.ToString(), again.ToString());
            }
        }
    }

    private static bool AssertNeverThrowsAndRoundTrips(string text)
    {
        bool ok = SdpReader.TryRead(text, out var sdp, out var error);
        if (!ok)
        {
            Assert.False(string.IsNullOrEmpty(error));
            return false;
        }
        var written = sdp.ToString();
        Assert.True(SdpReader.TryRead(written, out var again, out error), $"written SDP did not parse back: {error}\n{written}");
        Assert.Equal(written, again.ToString());
        foreach (var m in again.Media) m.GetCodecs();
        return true;
    }

    private static string MutateCharacters(string seed, Random random)
    {
        var chars = seed.ToCharArray().ToList();
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits && chars.Count > 0; e++)
        {
            int at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0: chars[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                case 1: chars.RemoveAt(at); break;
                default: chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
            }
        }
        return new string(chars.ToArray());
    }

    private static string DropOrDuplicateLine(string seed, Random random)
    {
        var lines = seed.Split("\r\n").ToList();
        int at = random.Next(lines.Count);
        if (random.Next(2) == 0) lines.RemoveAt(at);
        else lines.Insert(random.Next(lines.Count), lines[at]);
        return string.Join("\r\n", lines);
    }

    private static string MutateInsideLine(string seed, Random random)
    {
        // Replace one token of one line with a boundary value: the typed attribute parsers see odd numbers.
        string[] values = ["", "-1", "0", "65536", "4294967296", "99999999999999999999999", "*", "~", "a=", ":", "/", ";;", "x y z"];
        var lines = seed.Split("\r\n");
        int at = random.Next(lines.Length);
        var tokens = lines[at].Split(' ');
        tokens[random.Next(tokens.Length)] = values[random.Next(values.Length)];
        lines[at] = string.Join(' ', tokens);
        return string.Join("\r\n", lines);
    }
}
