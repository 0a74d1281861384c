using System.Security.Cryptography;
using System.Text;
using Conference.Server.Rtc;

namespace Conference.Server.Tests.Security;

public sealed class IceServersTests
{
    [Fact]
    public void Turn_credentials_follow_the_coturn_rest_scheme()
    {
        var options = new RtcOptions { StunUrls = ["stun:127.0.0.1:3478"], TurnUrls = ["turn:127.0.0.1:3478?transport=udp"], TurnSecret = "s3cret", TurnCredentialLifetime = TimeSpan.FromHours(1) };
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        var response = IceServersApi.For("user1", options, now);

        var turn = response.IceServers.Single(s => s.Username is not null);
        Assert.Equal("1800003600:user1", turn.Username);
        Assert.Equal(Convert.ToBase64String(HMACSHA1.HashData("s3cret"u8.ToArray(), Encoding.UTF8.GetBytes("1800003600:user1"))), turn.Credential);
        Assert.Equal(["stun:127.0.0.1:3478"], response.IceServers[0].Urls);
        Assert.Equal(3600, response.Ttl);
    }

    [Fact]
    public void Without_a_secret_no_turn_server_is_offered()
    {
        var response = IceServersApi.For("u", new RtcOptions { TurnUrls = ["turn:127.0.0.1"] }, DateTimeOffset.UnixEpoch);

        Assert.Empty(response.IceServers);
    }
}
