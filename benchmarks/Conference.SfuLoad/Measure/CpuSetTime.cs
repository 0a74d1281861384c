using System.Globalization;

namespace Conference.SfuLoad.Measure;

/// <summary>
/// Busy time of a set of CPUs (everything but idle, iowait and steal) from /proc/stat, in seconds: with the SFU pinned
/// alone to those CPUs it is the SFU's whole cost, including kernel work a process's own user+system time may not show
/// (softirq time, e.g. the loopback delivery of its datagrams, when the kernel accounts interrupt time apart).
/// </summary>
public static class CpuSetTime
{
    private const double TicksPerSecond = 100; // USER_HZ, as in /proc/<pid>/stat

    /// <summary>Null when /proc/stat is not there or a CPU of the list is not in it.</summary>
    public static double? BusySeconds(string cpuList)
    {
        try
        {
            HashSet<string> wanted = Parse(cpuList).Select(c => "cpu" + c.ToString(CultureInfo.InvariantCulture)).ToHashSet();
            long busy = 0;
            int found = 0;
            foreach (string line in File.ReadLines("/proc/stat"))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 9 || !wanted.Contains(fields[0])) continue;
                // user nice system idle iowait irq softirq steal
                long[] v = fields[1..9].Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                busy += v[0] + v[1] + v[2] + v[5] + v[6];
                found++;
            }
            return found == wanted.Count ? busy / TicksPerSecond : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>A taskset(1) list: "0", "0,1", "0-3,6".</summary>
    public static IEnumerable<int> Parse(string cpuList)
    {
        foreach (string part in cpuList.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] range = part.Split('-');
            int first = int.Parse(range[0], CultureInfo.InvariantCulture);
            int last = range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : first;
            for (int cpu = first; cpu <= last; cpu++) yield return cpu;
        }
    }
}
