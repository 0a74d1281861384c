namespace Conference.Server.Attachments;

/// <summary>"Conference:Attachments": where attachment bytes go and how large one may be.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Conference:Attachments";

    /// <summary>"files" (the embedded default: under the data folder) or "s3" (any S3-compatible server).</summary>
    public string Store { get; set; } = AttachmentStores.Files;

    /// <summary>The largest file accepted, in bytes (default 25 MiB).</summary>
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>host[:port] of the S3-compatible server.</summary>
    public string? Endpoint { get; set; }
    public string Bucket { get; set; } = "conference-attachments";
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public bool UseSsl { get; set; } = true;
}

public static class AttachmentStores
{
    public const string Files = "files";
    public const string S3 = "s3";
}
