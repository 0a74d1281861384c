namespace Conference.Media.Sdp;

/// <summary>
/// A whole SDP offer or answer (RFC 8866) in the unified-plan shape browsers write (JSEP RFC 8829).
/// Unknown lines and attributes are kept, so parse → write keeps what we do not understand.
/// </summary>
public sealed class SessionDescription
{
    public SdpOrigin Origin { get; set; } = new("-", "0", "0", "IN", "IP4", "127.0.0.1");
    public string SessionName { get; set; } = "-";
    public SdpTiming Timing { get; set; } = SdpTiming.Unbounded;
    public SdpConnection? Connection { get; set; }

    /// <summary>i=, u=, e=, p=, b=, r=, z=, k= lines, kept verbatim.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    public List<SdpGroup> Groups { get; } = [];
    public bool IceLite { get; set; }
    public List<string> IceOptions { get; } = [];
    public string? IceUfrag { get; set; }
    public string? IcePwd { get; set; }
    public List<Fingerprint> Fingerprints { get; } = [];
    public SetupRole? Setup { get; set; }
    public bool ExtMapAllowMixed { get; set; }
    public MsidSemantic? MsidSemantic { get; set; }
    public List<ExtMap> ExtMaps { get; } = [];
    public List<SdpAttribute> OtherAttributes { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    public SdpGroup? BundleGroup => Groups.Find(g => g.Semantics == SdpGroup.Bundle);

    public MediaDescription? FindMedia(string mid) => Media.Find(m => m.Mid == mid);

    /// <summary>Parses an SDP body; never throws. On failure <paramref name="error"/> names the line and the problem.</summary>
    public static bool TryParse(string? text, out SessionDescription description, out string error)
    {
        description = null!;
        try
        {
            return SdpReader.TryRead(text, out description, out error);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The reader is written not to throw (the fuzz tests call it directly to prove it);
            // this keeps the contract for callers if a corner case ever slips through.
            error = "malformed SDP: " + e.Message;
            return false;
        }
    }

    /// <summary>Valid SDP text with CRLF line endings (RFC 8866 §5).</summary>
    public override string ToString() => SdpWriter.Write(this);
}
