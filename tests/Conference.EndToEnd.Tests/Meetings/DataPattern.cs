namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// The byte pattern and hash meeting.js and meeting-client.mjs use for binary messages, so a test can send from
/// one implementation and check on another without shipping the bytes back through Playwright.
/// </summary>
public static class DataPattern
{
    public static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        for (int i = 0; i < size; i++) bytes[i] = (byte)((i * 31 + seed * 7 + (i >> 8)) & 0xff);
        return bytes;
    }

    /// <summary>32-bit FNV-1a.</summary>
    public static long Fnv1a(ReadOnlySpan<byte> bytes)
    {
        uint hash = 0x811c9dc5;
        foreach (byte b in bytes) hash = (hash ^ b) * 0x01000193;
        return hash;
    }
}
