using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Conference.Media.Stun;

namespace Conference.Media.Benchmarks;

/// <summary>
/// What the ICE-lite server does per incoming connectivity check: parse, read USERNAME,
/// verify MESSAGE-INTEGRITY and FINGERPRINT. Baseline: the bare HMAC-SHA1 over the same bytes.
/// </summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes("abcdefghijklmnopqrstuvwx");
    private byte[] _request = [];

    [GlobalSetup]
    public void Setup()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, RandomNumberGenerator.GetBytes(12));
        writer.AddUsername("srvUfrag:cliUfrag");
        writer.AddPriority(0x6E7FFFFF);
        writer.AddIceControlling(0x0123456789ABCDEF);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(_key);
        writer.AddFingerprint();
        _request = buffer[..writer.Length];
    }

    [Benchmark(Baseline = true)]
    public int RawHmacSha1OverRequest()
    {
        Span<byte> mac = stackalloc byte[20];
        return HMACSHA1.HashData(_key, _request.AsSpan(0, _request.Length - 32), mac);
    }

    [Benchmark]
    public bool ParseAndVerifyBindingRequest() =>
        StunMessage.TryParse(_request, out StunMessageView message)
        && message.TryGetUsername(out _)
        && message.VerifyMessageIntegrity(_key)
        && message.VerifyFingerprint();
}
