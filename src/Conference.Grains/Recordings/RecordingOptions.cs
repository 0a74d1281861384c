namespace Conference.Grains.Recordings;

/// <summary>"Conference:Recordings": where recordings go and how long they are kept.</summary>
public sealed class RecordingOptions
{
    public const string Section = "Conference:Recordings";

    /// <summary>"files" (the embedded default: under the data folder) or "s3" (any S3-compatible server).</summary>
    public string Store { get; set; } = "files";

    /// <summary>Recordings stopped longer ago than this are deleted (files and metadata); 0 keeps them forever.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>S3: the size of the parts uploaded while recording (a crash loses at most the part being written).</summary>
    public int PartBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long a download URL works.</summary>
    public int DownloadUrlMinutes { get; set; } = 15;

    /// <summary>host[:port] of the S3-compatible server.</summary>
    public string? Endpoint { get; set; }
    public string Bucket { get; set; } = "conference-recordings";
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public bool UseSsl { get; set; } = true;

    /// <summary>How often the SFU reports progress and the room's recordings grain checks that its SFU is still there.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(3);
}
