using System.Globalization;
using Conference.Activity;
using Conference.Reports;
using Conference.Tasks;

namespace Conference.Grains.Reports;

/// <summary>
/// Replays a project's task history (created/deleted, status and estimate changes) so reports can ask what the
/// project looked like at any instant. Tasks with no recorded creation (older than the history) are not seen.
/// </summary>
internal sealed class HistoryReplay(IReadOnlyList<ActivityEntry> entries)
{
    private readonly List<ActivityEntry> _entries = entries.Where(e => e.Subject == ActivitySubject.Task).OrderBy(e => e.At).ToList();

    private readonly record struct Snapshot(bool Exists, StatusCategory Category, double Points);

    /// <summary>Open tasks and their points at the end (UTC midnight) of each day.</summary>
    public IReadOnlyList<BurndownDay> Burndown(DateOnly from, DateOnly to)
    {
        var tasks = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        var days = new List<BurndownDay>();
        var next = 0;
        // Day numbers, not AddDays: the day after DateOnly.MaxValue does not exist (9999-12-31 must still answer).
        for (var number = from.DayNumber; number <= to.DayNumber; number++)
        {
            var day = DateOnly.FromDayNumber(number);
            var end = day == DateOnly.MaxValue ? DateTimeOffset.MaxValue : StartOf(day.AddDays(1));
            for (; next < _entries.Count && _entries[next].At < end; next++) Apply(tasks, _entries[next]);
            var open = tasks.Values.Where(t => t.Exists && t.Category is StatusCategory.Todo or StatusCategory.InProgress).ToList();
            days.Add(new BurndownDay(day, open.Count, open.Sum(t => t.Points)));
        }
        return days;
    }

    /// <summary>For each task done at the end of the history: when it last became done, when it first went in progress, its points.</summary>
    public IReadOnlyList<(string TaskId, DateTimeOffset DoneAt, DateTimeOffset? StartedAt, double Points)> Completions()
    {
        var tasks = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        var doneAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var startedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var entry in _entries)
        {
            var before = tasks.GetValueOrDefault(entry.SubjectId);
            Apply(tasks, entry);
            var after = tasks[entry.SubjectId];
            if (after.Category == StatusCategory.InProgress) startedAt.TryAdd(entry.SubjectId, entry.At);
            if (after.Category == StatusCategory.Done && (before.Category != StatusCategory.Done || !before.Exists)) doneAt[entry.SubjectId] = entry.At;
        }
        return tasks.Where(t => t.Value.Exists && t.Value.Category == StatusCategory.Done && doneAt.ContainsKey(t.Key))
            .Select(t => (t.Key, doneAt[t.Key], startedAt.TryGetValue(t.Key, out var started) ? started : (DateTimeOffset?)null, t.Value.Points))
            .ToList();
    }

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static void Apply(Dictionary<string, Snapshot> tasks, ActivityEntry entry)
    {
        var task = tasks.GetValueOrDefault(entry.SubjectId);
        tasks[entry.SubjectId] = (entry.Action, entry.Field) switch
        {
            (ActivityAction.Deleted, _) => task with { Exists = false },
            (ActivityAction.Created, null) => new Snapshot(true, StatusCategory.Todo, 0),
            (_, "status") => task with { Category = CategoryOf(entry.To) },
            (_, "estimate") => task with { Points = entry.To is { } points ? double.Parse(points, CultureInfo.InvariantCulture) : 0 },
            _ => task,
        };
    }

    private static StatusCategory CategoryOf(string? status) =>
        StatusCategories.Of(Enum.GetValues<TaskItemStatus>().FirstOrDefault(s => ActivityValues.Text(s) == status));
}
