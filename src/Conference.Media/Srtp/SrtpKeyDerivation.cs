using System.Security.Cryptography;

namespace Conference.Media.Srtp;

/// <summary>
/// The AES-CM PRF of RFC 3711 §4.3 with key_derivation_rate 0 (as DTLS-SRTP uses):
/// x = (label &lt;&lt; 48) XOR master_salt, session key = AES-CM(master_key, x * 2^16).
/// RFC 7714 §11 reuses it for GCM with the 96-bit salt zero-padded to 112 bits.
/// </summary>
public static class SrtpKeyDerivation
{
    public const byte RtpEncryption = 0x00;
    public const byte RtpAuthentication = 0x01;
    public const byte RtpSalt = 0x02;
    public const byte RtcpEncryption = 0x03;
    public const byte RtcpAuthentication = 0x04;
    public const byte RtcpSalt = 0x05;

    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length > 14)
        {
            throw new ArgumentException("Master salt is at most 112 bits.", nameof(masterSalt));
        }

        // RFC 3711 §4.3.1: the label sits in byte 7 of the 14-byte salt; r = 0 since KDR = 0.
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;

        int blocks = (output.Length + 15) / 16;
        Span<byte> counters = stackalloc byte[blocks * 16];
        for (int j = 0; j < blocks; j++)
        {
            Span<byte> block = counters.Slice(j * 16, 16);
            iv.CopyTo(block);
            block[14] = (byte)(j >> 8);
            block[15] = (byte)j;
        }

        using Aes aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        Span<byte> keystream = stackalloc byte[blocks * 16];
        aes.EncryptEcb(counters, keystream, PaddingMode.None);
        keystream.Slice(0, output.Length).CopyTo(output);
        CryptographicOperations.ZeroMemory(keystream);
    }
}
