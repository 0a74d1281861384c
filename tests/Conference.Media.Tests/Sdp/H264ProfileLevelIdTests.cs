using Conference.Media.Sdp;

namespace Conference.Media.Tests.Sdp;

/// <summary>RFC 6184 §8.1 Table 5 (profile_idc + profile-iop → profile) and §8.2.2 (offer/answer of levels).</summary>
public sealed class H264ProfileLevelIdTests
{
    [Theory]
    [InlineData("42e01f", H264Profile.ConstrainedBaseline, H264Level.Level3_1)]
    [InlineData("42c01f", H264Profile.ConstrainedBaseline, H264Level.Level3_1)] // constraint_set1 alone is enough
    [InlineData("4d801f", H264Profile.ConstrainedBaseline, H264Level.Level3_1)] // Main with constraint_set0
    [InlineData("58c01f", H264Profile.ConstrainedBaseline, H264Level.Level3_1)] // Extended with set0+set1
    [InlineData("42001f", H264Profile.Baseline, H264Level.Level3_1)]
    [InlineData("58801f", H264Profile.Baseline, H264Level.Level3_1)]
    [InlineData("4d001f", H264Profile.Main, H264Level.Level3_1)]
    [InlineData("4d0032", H264Profile.Main, H264Level.Level5)]
    [InlineData("58001f", H264Profile.Extended, H264Level.Level3_1)]
    [InlineData("640c1f", H264Profile.ConstrainedHigh, H264Level.Level3_1)]
    [InlineData("64001f", H264Profile.High, H264Level.Level3_1)]
    [InlineData("640034", H264Profile.High, H264Level.Level5_2)]
    [InlineData("42f00b", H264Profile.ConstrainedBaseline, H264Level.Level1b)]  // level_idc 11 + constraint_set3 = 1b
    [InlineData("42e00b", H264Profile.ConstrainedBaseline, H264Level.Level1_1)]
    [InlineData("640009", H264Profile.High, H264Level.Level1b)]
    [InlineData("42E01F", H264Profile.ConstrainedBaseline, H264Level.Level3_1)] // hex is case-insensitive
    public void Parses_profile_and_level(string value, H264Profile profile, H264Level level)
    {
        Assert.True(H264ProfileLevelId.TryParse(value, out var id));
        Assert.Equal(new H264ProfileLevelId(profile, level), id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42e01")]      // too short
    [InlineData("42e01f0")]    // too long
    [InlineData("zze01f")]
    [InlineData("42e000")]     // level_idc 0
    [InlineData("42e0ff")]     // no such level
    [InlineData("4d201f")]     // Main with constraint_set2: not in Table 5
    [InlineData("64101f")]     // High with set3
    [InlineData("ff001f")]     // unknown profile_idc
    public void Rejects_invalid_values(string? value) => Assert.False(H264ProfileLevelId.TryParse(value, out _));

    [Theory]
    [InlineData(H264Profile.ConstrainedBaseline, H264Level.Level3_1, "42e01f")]
    [InlineData(H264Profile.Main, H264Level.Level3_1, "4d001f")]
    [InlineData(H264Profile.High, H264Level.Level4, "640028")]
    [InlineData(H264Profile.ConstrainedHigh, H264Level.Level3_1, "640c1f")]
    [InlineData(H264Profile.ConstrainedBaseline, H264Level.Level1b, "42f00b")]
    [InlineData(H264Profile.High, H264Level.Level1b, "640009")]
    public void Writes_canonical_form(H264Profile profile, H264Level level, string expected)
    {
        var text = new H264ProfileLevelId(profile, level).ToString();
        Assert.Equal(expected, text);
        Assert.True(H264ProfileLevelId.TryParse(text, out var back));
        Assert.Equal(new H264ProfileLevelId(profile, level), back);
    }

    [Theory]
    [InlineData("42e01f", "1", "42e01f", "1", true)]
    [InlineData("42e01f", "1", "42c034", "1", true)]  // same profile, other level: levels never block a match
    [InlineData("42e01f", "1", "4d801f", "1", true)]  // both Constrained Baseline
    [InlineData("42e01f", "1", "42001f", "1", false)] // Constrained Baseline vs Baseline
    [InlineData("42e01f", "1", "4d001f", "1", false)]
    [InlineData("42e01f", "1", "42e01f", "0", false)] // packetization-mode must match
    [InlineData("42e01f", null, "42e01f", "0", true)] // absent packetization-mode means 0
    [InlineData(null, "0", "42000a", "0", true)]      // absent profile-level-id means 42000a
    [InlineData(null, "0", "42e01f", "0", false)]
    public void Matches_h264_formats(string? plidA, string? modeA, string? plidB, string? modeB, bool expected)
    {
        Assert.Equal(expected, CodecCompatibility.AreCompatible(H264(96, plidA, modeA), H264(102, plidB, modeB)));
    }

    [Fact]
    public void Answer_uses_local_level_when_both_allow_asymmetry()
    {
        var offer = H264(96, "42e01f", "1", asymmetry: true);
        var local = H264(0, "42e034", "1", asymmetry: true);
        Assert.Equal("42e034", H264ProfileLevelId.GetAnswerValue(offer, local));
    }

    [Fact]
    public void Answer_uses_lower_level_without_asymmetry()
    {
        // RFC 6184 §8.2.2: without level-asymmetry-allowed on both sides, the answer level must not exceed the offer's.
        Assert.Equal("42e01f", H264ProfileLevelId.GetAnswerValue(H264(96, "42e01f", "1"), H264(0, "42e034", "1", asymmetry: true)));
        Assert.Equal("42e00b", H264ProfileLevelId.GetAnswerValue(H264(96, "42e034", "1", asymmetry: true), H264(0, "42e00b", "1")));
        Assert.Equal("42f00b", H264ProfileLevelId.GetAnswerValue(H264(96, "42e00c", "1"), H264(0, "42f00b", "1"))); // 1b < 1.2
        Assert.Null(H264ProfileLevelId.GetAnswerValue(H264(96, "42e01f", "1"), H264(0, "64001f", "1")));
    }

    [Fact]
    public void Other_codecs_match_on_their_rtp_parameters()
    {
        Assert.True(CodecCompatibility.AreCompatible(Codec("opus", 48000, 2), Codec("OPUS", 48000, 2, ("useinbandfec", "1"))));
        Assert.False(CodecCompatibility.AreCompatible(Codec("opus", 48000, 2), Codec("opus", 48000, 1)));
        Assert.True(CodecCompatibility.AreCompatible(Codec("G722", 8000, null), Codec("G722", 8000, 1)));
        Assert.False(CodecCompatibility.AreCompatible(Codec("VP8", 90000, null), Codec("VP9", 90000, null)));
        Assert.True(CodecCompatibility.AreCompatible(Codec("VP9", 90000, null), Codec("VP9", 90000, null, ("profile-id", "0"))));
        Assert.False(CodecCompatibility.AreCompatible(Codec("VP9", 90000, null, ("profile-id", "2")), Codec("VP9", 90000, null, ("profile-id", "0"))));
        Assert.True(CodecCompatibility.AreCompatible(Codec("AV1", 90000, null, ("level-idx", "5")), Codec("AV1", 90000, null, ("profile", "0"))));
        Assert.False(CodecCompatibility.AreCompatible(Codec("AV1", 90000, null, ("profile", "1")), Codec("AV1", 90000, null)));
    }

    private static RtpCodec H264(int pt, string? profileLevelId, string? mode, bool asymmetry = false)
    {
        var codec = new RtpCodec(pt, "H264", 90000);
        if (asymmetry) codec.Parameters["level-asymmetry-allowed"] = "1";
        if (mode is not null) codec.Parameters["packetization-mode"] = mode;
        if (profileLevelId is not null) codec.Parameters["profile-level-id"] = profileLevelId;
        return codec;
    }

    private static RtpCodec Codec(string name, uint clock, int? channels, params (string Key, string Value)[] parameters)
    {
        var codec = new RtpCodec(100, name, clock, channels);
        foreach (var (key, value) in parameters) codec.Parameters[key] = value;
        return codec;
    }
}
