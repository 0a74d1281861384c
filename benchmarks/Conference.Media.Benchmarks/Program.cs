using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Conference.Media.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
