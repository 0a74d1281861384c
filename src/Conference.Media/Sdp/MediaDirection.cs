namespace Conference.Media.Sdp;

/// <summary>Media direction attributes (RFC 8866 §6.7), seen from the side that wrote the SDP.</summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

public static class MediaDirectionExtensions
{
    public static string ToSdp(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static bool TryParse(string name, out MediaDirection direction)
    {
        switch (name)
        {
            case "sendrecv": direction = MediaDirection.SendRecv; return true;
            case "sendonly": direction = MediaDirection.SendOnly; return true;
            case "recvonly": direction = MediaDirection.RecvOnly; return true;
            case "inactive": direction = MediaDirection.Inactive; return true;
            default: direction = default; return false;
        }
    }

    public static bool Sends(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.SendOnly;

    public static bool Receives(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;

    /// <summary>What the other side sees: our sendonly is their recvonly (RFC 3264 §6.1).</summary>
    public static MediaDirection Reverse(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => MediaDirection.RecvOnly,
        MediaDirection.RecvOnly => MediaDirection.SendOnly,
        _ => direction,
    };

    public static MediaDirection From(bool sends, bool receives) => (sends, receives) switch
    {
        (true, true) => MediaDirection.SendRecv,
        (true, false) => MediaDirection.SendOnly,
        (false, true) => MediaDirection.RecvOnly,
        _ => MediaDirection.Inactive,
    };
}

/// <summary>a=setup (RFC 4145 §4, RFC 8842 §5): which side opens the DTLS association.</summary>
public enum SetupRole
{
    ActPass,
    Active,
    Passive,
    HoldConn,
}

public static class SetupRoleExtensions
{
    public static string ToSdp(this SetupRole role) => role switch
    {
        SetupRole.Active => "active",
        SetupRole.Passive => "passive",
        SetupRole.HoldConn => "holdconn",
        _ => "actpass",
    };

    public static bool TryParse(string value, out SetupRole role)
    {
        switch (value)
        {
            case "actpass": role = SetupRole.ActPass; return true;
            case "active": role = SetupRole.Active; return true;
            case "passive": role = SetupRole.Passive; return true;
            case "holdconn": role = SetupRole.HoldConn; return true;
            default: role = default; return false;
        }
    }
}
