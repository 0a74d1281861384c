using System.Net.Sockets;
using System.Text;

namespace Conference.Server.Tests.Support;

/// <summary>Hand-framed HTTP/1.1 over a socket, for bodies no HttpClient would send (unframed chunks, early ends).</summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="head"/> (request line and headers, CRLF separated, without the blank line) and
    /// <paramref name="body"/>, half-closes, and returns the status code and the whole response text.</summary>
    public static async Task<(int Status, string Response)> Send(Uri server, string head, string body, bool halfClose = true)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{head}\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n{body}"));
        if (halfClose) client.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string response;
        try { response = await reader.ReadToEndAsync(timeout.Token); }
        catch (IOException) { response = ""; } // reset by the server: no answer at all
        var status = response.Length > 12 && int.TryParse(response.AsSpan(9, 3), out var code) ? code : 0;
        return (status, response);
    }
}
