using Conference.Media.Dtls;

namespace Conference.Media.Tests.Dtls;

public sealed class DtlsSetupTests
{
    [Theory]
    [InlineData("active", DtlsRole.Client)]
    [InlineData("PASSIVE", DtlsRole.Server)]
    public void Negotiated_setup_maps_to_a_role(string setup, DtlsRole expected)
    {
        Assert.True(DtlsSetup.TryGetRole(setup, out DtlsRole role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData("actpass")]
    [InlineData("holdconn")]
    [InlineData("")]
    public void Undecided_or_unknown_setup_has_no_role(string setup) => Assert.False(DtlsSetup.TryGetRole(setup, out _));

    [Theory]
    [InlineData("actpass", "active")]
    [InlineData("active", "passive")]
    [InlineData("passive", "active")]
    public void Answer_setup_complements_the_offer(string offered, string answered) =>
        Assert.Equal(answered, DtlsSetup.AnswerFor(offered));
}
