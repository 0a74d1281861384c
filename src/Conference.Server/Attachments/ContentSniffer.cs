using System.Text;

namespace Conference.Server.Attachments;

/// <summary>
/// The content type of an upload, from its first bytes only: the client's Content-Type is never trusted (an "image"
/// that is really HTML or SVG must not be served as something a browser renders). Unknown → octet-stream.
/// </summary>
public static class ContentSniffer
{
    public const int HeadBytes = 512;
    public const string Binary = "application/octet-stream";

    private static readonly (byte[] Magic, string Type)[] Signatures =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ("GIF87a"u8.ToArray(), "image/gif"),
        ("GIF89a"u8.ToArray(), "image/gif"),
        ("%PDF-"u8.ToArray(), "application/pdf"),
        ([(byte)'P', (byte)'K', 0x03, 0x04], "application/zip"),
        ([(byte)'P', (byte)'K', 0x05, 0x06], "application/zip"),
    ];

    /// <param name="head">Up to <see cref="HeadBytes"/> first bytes; <paramref name="complete"/> when that is the whole file.</param>
    public static string Sniff(ReadOnlySpan<byte> head, bool complete)
    {
        foreach (var (magic, type) in Signatures)
            if (head.StartsWith(magic)) return type;
        return IsText(head, complete) ? "text/plain; charset=utf-8" : Binary;
    }

    /// <summary>UTF-8 without control characters other than tab, line breaks and form feed.</summary>
    private static bool IsText(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.IsEmpty) return false;
        foreach (var b in head)
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D) || b == 0x7F) return false;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var chars = new char[head.Length];
        try
        {
            // Not flushing lets a character cut at the end of the sniffed head pass.
            decoder.GetChars(head, chars, flush: complete);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
