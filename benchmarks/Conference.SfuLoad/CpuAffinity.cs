using System.Diagnostics;

namespace Conference.SfuLoad;

/// <summary>
/// Pins a process, every thread it has now, to a CPU list with taskset(1) (<c>taskset -a -p -c LIST PID</c>); threads it
/// starts later inherit the mask of the thread that starts them, so the whole process stays on the list. With the SFU on
/// one set and the generator on another, the SFU's CPU per core is measured without the generator on its cores.
/// </summary>
public static class CpuAffinity
{
    public static async Task PinAsync(int pid, string cpus, string what)
    {
        var start = new ProcessStartInfo("taskset") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["-a", "-p", "-c", cpus, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) start.ArgumentList.Add(arg);
        using Process taskset = Process.Start(start) ?? throw new InvalidOperationException("taskset did not start");
        string error = await taskset.StandardError.ReadToEndAsync();
        await taskset.StandardOutput.ReadToEndAsync();
        await taskset.WaitForExitAsync();
        if (taskset.ExitCode != 0) throw new InvalidOperationException($"taskset could not pin {what} (pid {pid}) to CPUs {cpus}: {error.Trim()}");
        Console.WriteLine($"Pinned {what} (pid {pid}) to CPUs {cpus}");
    }
}
