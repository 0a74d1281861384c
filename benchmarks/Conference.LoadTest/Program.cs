using Conference.LoadTest;

// REST load test: the real grain-backed server against an in-memory minimal-API baseline, same run, same client.
// `chat` runs the chat fan-out test instead (Chat/ChatProgram.cs).
if (args is ["chat", ..])
{
    using var chatStop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
    return await Conference.LoadTest.Chat.ChatProgram.Run(args[1..], chatStop.Token);
}

LoadOptions options;
try { options = LoadOptions.Parse(args); }
catch (ArgumentException ex) { Console.Error.WriteLine(ex.Message); return 2; }

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

await using var server = await ServerProcess.Start(stop.Token);
// What the account check costs (issue 12): the same server re-reading the caller's account from its grain on every
// request instead of its cached view (30 s by default, changes pushed to every gateway at once).
await using var uncached = await ServerProcess.Start(stop.Token, "--Conference:Auth:AccountRecheck=00:00:00");
await using var baseline = await Baseline.Start();
Target[] targets = [new(TargetNames.GrainBacked, server.BaseAddress), new(TargetNames.AccountPerRequest, uncached.BaseAddress, ReadsOnly: true),
    new(TargetNames.Baseline, baseline.BaseAddress)];

var machine = MachineInfo.Capture();
var results = await LoadRunner.RunAll(targets, options, stop.Token);
var report = new Report(options, machine with { LoadAverageAfter = MachineInfo.LoadAverage() }, results);

Console.WriteLine(report.Markdown());
report.WriteSection(options.OutPath);
Console.WriteLine($"Wrote {options.OutPath}");
return 0;
