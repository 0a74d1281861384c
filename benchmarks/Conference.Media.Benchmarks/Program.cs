using BenchmarkDotNet.Running;
using Conference.Media.Benchmarks;

// dotnet run -c Release --project benchmarks/Conference.Media.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project benchmarks/Conference.Media.Benchmarks -- udp-batching [packets] [rounds]
// dotnet run -c Release --project benchmarks/Conference.Media.Benchmarks -- dtls-handshake [handshakes]
if (args is ["udp-batching", ..]) return await UdpBatchingBenchmark.RunAsync(args);
if (args is ["dtls-handshake", ..]) return await DtlsHandshakeBenchmark.RunAsync(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
