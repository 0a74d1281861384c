using System.Globalization;

namespace Conference.Media.Sdp;

public enum H264Profile
{
    ConstrainedBaseline,
    Baseline,
    Main,
    Extended,
    High,
    ConstrainedHigh,
    High10,
    High422,
    High444,
}

/// <summary>
/// H.264 profile-level-id (RFC 6184 §8.1): profile_idc, profile-iop (constraint flags) and level_idc, reduced to
/// the profile it denotes (RFC 6184 Table 5) and the level, so that "42e01f" and "4d801f" compare equal as
/// Constrained Baseline.
/// </summary>
public readonly record struct H264ProfileLevelId(H264Profile Profile, H264Level Level)
{
    /// <summary>RFC 6184 §8.1: when absent, profile-level-id means Baseline, level 1.0 ("42000a").</summary>
    public static readonly H264ProfileLevelId Default = new(H264Profile.Baseline, H264Level.Level1);

    // (profile_idc, profile-iop pattern MSB first with x = don't care, profile): RFC 6184 Table 5 plus Constrained High.
    private static readonly (byte Idc, string Iop, H264Profile Profile)[] Patterns =
    [
        (0x42, "x1xx0000", H264Profile.ConstrainedBaseline),
        (0x4D, "1xxx0000", H264Profile.ConstrainedBaseline),
        (0x58, "11xx0000", H264Profile.ConstrainedBaseline),
        (0x42, "x0xx0000", H264Profile.Baseline),
        (0x58, "10xx0000", H264Profile.Baseline),
        (0x4D, "0x0x0000", H264Profile.Main),
        (0x58, "00xx0000", H264Profile.Extended),
        (0x64, "00000000", H264Profile.High),
        (0x64, "00001100", H264Profile.ConstrainedHigh),
        (0x6E, "00000000", H264Profile.High10),
        (0x7A, "00000000", H264Profile.High422),
        (0xF4, "00000000", H264Profile.High444),
    ];

    public static bool TryParse(string? value, out H264ProfileLevelId result)
    {
        result = default;
        if (value is null || value.Length != 6 ||
            !uint.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint bits))
        {
            return false;
        }
        byte idc = (byte)(bits >> 16), iop = (byte)(bits >> 8), levelIdc = (byte)bits;

        H264Level level;
        // Level 1b: level_idc 11 with constraint_set3 in Baseline/Main/Extended, or level_idc 9 (H.264 Annex A.3.1/A.3.2).
        if (levelIdc == 11 && (iop & 0x10) != 0 && idc is 0x42 or 0x4D or 0x58) level = H264Level.Level1b;
        else if (levelIdc == 9) level = H264Level.Level1b;
        else if (Enum.IsDefined(typeof(H264Level), (int)levelIdc) && levelIdc != 0) level = (H264Level)levelIdc;
        else return false;

        foreach (var (patternIdc, pattern, profile) in Patterns)
        {
            if (patternIdc == idc && Matches(pattern, iop))
            {
                result = new H264ProfileLevelId(profile, level);
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads profile-level-id from fmtp parameters, applying the RFC 6184 default when it is absent.</summary>
    public static bool TryGet(RtpCodec codec, out H264ProfileLevelId result)
    {
        var value = codec.GetParameter("profile-level-id");
        if (value is null)
        {
            result = Default;
            return true;
        }
        return TryParse(value, out result);
    }

    private static bool Matches(string pattern, byte iop)
    {
        for (int i = 0; i < 8; i++)
        {
            int bit = (iop >> (7 - i)) & 1;
            if (pattern[i] != 'x' && pattern[i] - '0' != bit) return false;
        }
        return true;
    }

    /// <summary>Canonical hex form (lower case, as browsers write it).</summary>
    public override string ToString()
    {
        (byte idc, byte iop) = Profile switch
        {
            H264Profile.ConstrainedBaseline => ((byte)0x42, (byte)0xE0),
            H264Profile.Baseline => ((byte)0x42, (byte)0x00),
            H264Profile.Main => ((byte)0x4D, (byte)0x00),
            H264Profile.Extended => ((byte)0x58, (byte)0x00),
            H264Profile.High => ((byte)0x64, (byte)0x00),
            H264Profile.ConstrainedHigh => ((byte)0x64, (byte)0x0C),
            H264Profile.High10 => ((byte)0x6E, (byte)0x00),
            H264Profile.High422 => ((byte)0x7A, (byte)0x00),
            _ => ((byte)0xF4, (byte)0x00),
        };
        byte levelIdc = (byte)Level;
        if (Level == H264Level.Level1b)
        {
            bool legacy = idc is 0x42 or 0x4D or 0x58;
            levelIdc = legacy ? (byte)11 : (byte)9;
            if (legacy) iop |= 0x10;
        }
        return $"{idc:x2}{iop:x2}{levelIdc:x2}";
    }

    /// <summary>
    /// The profile-level-id an answerer writes (RFC 6184 §8.2.2): same profile as the offer; the level is the
    /// answerer's own when both sides allow level asymmetry, otherwise the lower of the two. Null when profiles differ.
    /// </summary>
    public static string? GetAnswerValue(RtpCodec offered, RtpCodec local)
    {
        if (!TryGet(offered, out var offer) || !TryGet(local, out var ours) || offer.Profile != ours.Profile) return null;
        bool asymmetry = offered.GetParameter("level-asymmetry-allowed") == "1" && local.GetParameter("level-asymmetry-allowed") == "1";
        var level = asymmetry ? ours.Level : H264LevelOrder.Min(offer.Level, ours.Level);
        return new H264ProfileLevelId(offer.Profile, level).ToString();
    }
}

/// <summary>H.264 levels; values are level_idc except 1b, which sorts between 1 and 1.1.</summary>
public enum H264Level
{
    Level1b = 0,
    Level1 = 10,
    Level1_1 = 11,
    Level1_2 = 12,
    Level1_3 = 13,
    Level2 = 20,
    Level2_1 = 21,
    Level2_2 = 22,
    Level3 = 30,
    Level3_1 = 31,
    Level3_2 = 32,
    Level4 = 40,
    Level4_1 = 41,
    Level4_2 = 42,
    Level5 = 50,
    Level5_1 = 51,
    Level5_2 = 52,
}

internal static class H264LevelOrder
{
    private static int Rank(H264Level level) => level == H264Level.Level1b ? 105 : (int)level * 10;

    public static H264Level Min(H264Level a, H264Level b) => Rank(a) <= Rank(b) ? a : b;
}
