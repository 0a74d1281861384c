using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Conference.Server.Tests.Attachments;

/// <summary>Builds multipart uploads the way a browser form would.</summary>
public static class AttachmentUploads
{
    public static Task<HttpResponseMessage> Upload(this HttpClient client, string taskId, byte[] bytes, string fileName,
        string clientType = "application/octet-stream")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(clientType);
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        return client.PostAsync($"/api/tasks/{taskId}/attachments", form);
    }

    /// <summary>Uploads a small text file and returns the attachment's id, failing unless the answer is 201.</summary>
    public static async Task<string> NewAttachment(this HttpClient client, string taskId)
    {
        var response = await client.Upload(taskId, Text("attached"), "note.txt");
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString.Split('/')[^1];
    }

    /// <summary>A one-file form with the given text content, as a browser would post it.</summary>
    public static MultipartFormDataContent Form(string text)
    {
        var file = new ByteArrayContent(Text(text));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
        return new MultipartFormDataContent { { file, "file", "note.txt" } };
    }

    public static byte[] Png(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return bytes;
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
