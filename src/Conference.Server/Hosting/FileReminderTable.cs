using System.Text.Json;

namespace Conference.Server.Hosting;

/// <summary>
/// The embedded default's reminder table: one JSON file in the data folder, rewritten atomically (temp file + rename)
/// on each change, so reminders — like grain state — survive a restart without a database. One silo process owns a
/// data folder, so an in-process lock is all the concurrency control it needs. Rows are few (a reminder exists only
/// while a grain has work pending), so the whole table is kept in memory.
/// </summary>
public sealed class FileReminderTable(string path) : IReminderTable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<(GrainId Grain, string Name), ReminderEntry> _rows = [];

    private sealed record Row(string GrainId, string Name, DateTime StartAt, TimeSpan Period, string ETag);

    public Task Init() => StartAsync();

    /// <summary>Loads the table (idempotent: the runtime may call this and <see cref="Init"/>).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) return;
        var rows = JsonSerializer.Deserialize<List<Row>>(await File.ReadAllBytesAsync(path, cancellationToken)) ?? [];
        _rows = rows.Select(r => new ReminderEntry
            {
                GrainId = GrainId.Parse(r.GrainId), ReminderName = r.Name, StartAt = r.StartAt, Period = r.Period, ETag = r.ETag,
            })
            .ToDictionary(e => (e.GrainId, e.ReminderName));
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Locked(() => new ReminderTableData(_rows.Values.Where(e => e.GrainId == grainId).ToList()));

    /// <summary>The rows whose grain hash is in (begin, end], wrapping past the top of the ring when begin ≥ end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        Locked(() => new ReminderTableData(_rows.Values.Where(e =>
        {
            var hash = e.GrainId.GetUniformHashCode();
            return begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
        }).ToList()));

    public Task<ReminderEntry> ReadRow(GrainId grainId, string reminderName) =>
        Locked(() => _rows.GetValueOrDefault((grainId, reminderName))!);

    public Task<string> UpsertRow(ReminderEntry entry) => Changed(() =>
    {
        var etag = Guid.NewGuid().ToString("N");
        _rows[(entry.GrainId, entry.ReminderName)] = new ReminderEntry
        {
            GrainId = entry.GrainId, ReminderName = entry.ReminderName, StartAt = entry.StartAt, Period = entry.Period, ETag = etag,
        };
        return etag;
    });

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => Changed(() =>
        _rows.TryGetValue((grainId, reminderName), out var row) && row.ETag == eTag && _rows.Remove((grainId, reminderName)));

    public Task TestOnlyClearTable() => Changed(() =>
    {
        _rows.Clear();
        return true;
    });

    private async Task<T> Locked<T>(Func<T> read)
    {
        await _gate.WaitAsync();
        try { return read(); }
        finally { _gate.Release(); }
    }

    private async Task<T> Changed<T>(Func<T> change)
    {
        await _gate.WaitAsync();
        try
        {
            var result = change();
            await Save();
            return result;
        }
        finally { _gate.Release(); }
    }

    private async Task Save()
    {
        var rows = _rows.Values.Select(e => new Row(e.GrainId.ToString(), e.ReminderName, e.StartAt, e.Period, e.ETag)).ToList();
        OwnerOnly.CreateFolder(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await OwnerOnly.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(rows));
        File.Move(temp, path, overwrite: true);
    }
}
