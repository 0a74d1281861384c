using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

public sealed class SctpStateCookieTests
{
    private static readonly byte[] Secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void A_sealed_cookie_opens_with_the_same_contents()
    {
        var cookie = new SctpStateCookie(1000, 1, 2, 3, 4, 5, true);

        Assert.True(SctpStateCookie.TryOpen(Secret, cookie.Seal(Secret), 2000, TimeSpan.FromSeconds(60), out SctpStateCookie? opened));
        Assert.Equal(cookie, opened);
    }

    [Fact]
    public void Tampered_stale_or_foreign_cookies_are_rejected()
    {
        byte[] sealedCookie = new SctpStateCookie(1000, 1, 2, 3, 4, 5, true).Seal(Secret);
        byte[] tampered = (byte[])sealedCookie.Clone();
        tampered[10] ^= 1;
        byte[] otherSecret = new byte[32];

        Assert.False(SctpStateCookie.TryOpen(Secret, tampered, 2000, TimeSpan.FromSeconds(60), out _));
        Assert.False(SctpStateCookie.TryOpen(Secret, sealedCookie, 1000 + 61_000, TimeSpan.FromSeconds(60), out _));
        Assert.False(SctpStateCookie.TryOpen(otherSecret, sealedCookie, 2000, TimeSpan.FromSeconds(60), out _));
        Assert.False(SctpStateCookie.TryOpen(Secret, sealedCookie.AsSpan(1).ToArray(), 2000, TimeSpan.FromSeconds(60), out _));
    }
}
