using System.Globalization;
using System.Text;

namespace Conference.SfuLoad;

/// <summary>Ours and Janus step by step, from one run: forwarded packets/s, CPU per packet, loss, latency, memory.</summary>
public static class SfuComparison
{
    public static string Markdown(IReadOnlyList<StepResult> ours, IReadOnlyList<StepResult> janus)
    {
        var text = new StringBuilder();
        text.AppendLine("| Step (P×S) | SFU | Received/s | Loss | p50 (ms) | p99 (ms) | SFU CPU | CPU-s / M packets | RSS (MiB) |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (StepResult r in ours.Concat(janus).OrderBy(r => r.Step.Publishers * r.Step.Subscribers * r.Step.Rooms))
        {
            string name = ours.Contains(r) ? "ours" : "Janus";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Step} | {name} | {r.ForwardedPerSecond:N0} | {r.LossPercent:0.0} % | {r.P50Ms:0.00} | {r.P99Ms:0.00} | {r.ServerCpuPercent:0.0} % | {r.CpuSecondsPerMillion:0.0} | {r.ServerMemoryMiB:0} |"));
        }
        text.AppendLine();
        foreach (StepResult o in ours)
        {
            if (janus.FirstOrDefault(j => j.Step == o.Step) is not { } j || o.CpuSecondsPerMillion is not { } oc || j.CpuSecondsPerMillion is not { } jc) continue;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- {o.Step}: forwarded packets per CPU-second, ours / Janus = **{jc / oc:0.00}**; received/s ours / Janus = {o.ForwardedPerSecond / Math.Max(1, j.ForwardedPerSecond):0.00}"));
        }
        return text.ToString();
    }
}
