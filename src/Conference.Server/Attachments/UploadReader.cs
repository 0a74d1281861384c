using System.Security.Cryptography;
using Conference.Server.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Conference.Server.Attachments;

/// <summary>A file received in full into a temporary file; deleting it is the owner's job (Dispose).</summary>
public sealed record ReceivedFile(string TempPath, string FileName, string ContentType, long Size, string Sha256) : IDisposable
{
    public void Dispose() => File.Delete(TempPath);
}

/// <summary>
/// Streams the "file" part of a multipart/form-data upload to a temporary file, hashing it and sniffing its head on
/// the way. The size limit is enforced while reading: a too-large upload is refused at limit + 1 bytes, never
/// buffered whole.
/// </summary>
public static class UploadReader
{
    public const string Field = "file";

    /// <summary>Headroom over the file limit for the multipart boundaries and part headers.</summary>
    private const long EnvelopeBytes = 64 * 1024;

    public static async Task<(ReceivedFile? File, IResult? Problem)> Read(HttpRequest request, long maxBytes, CancellationToken cancellation)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Upload the file as multipart/form-data with one part named 'file'."));
        // RFC 2046 §5.1.1: a boundary is 1 to 70 characters.
        if (boundary.Length > 70) return (null, Problems.Invalid(Field, "The multipart boundary is longer than 70 characters."));
        if (request.ContentLength > maxBytes + EnvelopeBytes) return (null, TooLarge(maxBytes));
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes + EnvelopeBytes;

        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellation) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFileDisposition()
                    || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, Field, StringComparison.Ordinal))
                    continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value is { Length: > 0 } star
                    ? star : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                return await Receive(section.Body, FileNames.Sanitize(name), maxBytes, cancellation);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException && !cancellation.IsCancellationRequested)
        {
            // Garbage, an unterminated part or a body that ends early: the client's mistake.
            return (null, Problems.Invalid(Field, $"The multipart body is malformed: {ex.Message}"));
        }
        return (null, Problems.Invalid(Field, "A non-empty file part named 'file' is required."));
    }

    private static async Task<(ReceivedFile?, IResult?)> Receive(Stream body, string fileName, long maxBytes, CancellationToken cancellation)
    {
        var path = Path.Combine(Path.GetTempPath(), $"conference-upload-{Guid.NewGuid():N}");
        var kept = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var head = new byte[ContentSniffer.HeadBytes];
            var headLength = 0;
            long size = 0;
            var buffer = new byte[81920];
            await using (var target = new FileStream(path, Hosting.OwnerOnly.NewFile(useAsync: true)))
            {
                int read;
                while ((read = await body.ReadAsync(buffer, cancellation)) > 0)
                {
                    size += read;
                    if (size > maxBytes) return (null, TooLarge(maxBytes));
                    var toHead = Math.Min(read, head.Length - headLength);
                    buffer.AsSpan(0, toHead).CopyTo(head.AsSpan(headLength));
                    headLength += toHead;
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellation);
                }
            }
            if (size == 0) return (null, Problems.Invalid(Field, "The file is empty."));
            var type = ContentSniffer.Sniff(head.AsSpan(0, headLength), complete: size == headLength);
            kept = true;
            return (new ReceivedFile(path, fileName, type, size, Convert.ToHexStringLower(hash.GetHashAndReset())), null);
        }
        finally
        {
            if (!kept) File.Delete(path);
        }
    }

    private static IResult TooLarge(long maxBytes) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Attachments are limited to {maxBytes} bytes.");
}
