using Conference.Server.Hosting;
using Conference.Server.Tests.Support;
using Orleans;
using Orleans.Runtime;

namespace Conference.Server.Tests.Embedded;

/// <summary>The embedded default's reminder table: the contract the reminder service relies on, and persistence.</summary>
public sealed class FileReminderTableTests
{
    private static ReminderEntry Entry(string key, string name = "r") =>
        new() { GrainId = GrainId.Create("test", key), ReminderName = name, StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) };

    [Fact]
    public async Task Rows_survive_a_new_table_on_the_same_file_and_stale_etags_do_not_remove()
    {
        var path = Path.Combine(TempFolder.Create("reminders"), "reminders.json");
        var table = new FileReminderTable(path);
        await table.StartAsync();
        var etag = await table.UpsertRow(Entry("a"));
        var newer = await table.UpsertRow(Entry("a"));

        Assert.False(await table.RemoveRow(GrainId.Create("test", "a"), "r", etag));
        var reloaded = new FileReminderTable(path);
        await reloaded.StartAsync();
        var row = await reloaded.ReadRow(GrainId.Create("test", "a"), "r");

        Assert.Equal(newer, row.ETag);
        Assert.Equal(TimeSpan.FromMinutes(1), row.Period);
        Assert.True(await reloaded.RemoveRow(GrainId.Create("test", "a"), "r", newer));
        Assert.Empty((await reloaded.ReadRows(GrainId.Create("test", "a"))).Reminders);
    }

    [Fact]
    public async Task Hash_ranges_split_the_rows_once_including_a_range_that_wraps_around()
    {
        var table = new FileReminderTable(Path.Combine(TempFolder.Create("reminders"), "reminders.json"));
        await table.StartAsync();
        var entries = Enumerable.Range(0, 40).Select(i => Entry($"g{i}")).ToList();
        foreach (var entry in entries) await table.UpsertRow(entry);
        const uint a = 0x4000_0000, b = 0xC000_0000;

        var middle = (await table.ReadRows(a, b)).Reminders;
        var wrapped = (await table.ReadRows(b, a)).Reminders;
        var everything = (await table.ReadRows(a, a)).Reminders;

        Assert.Equal(40, middle.Count + wrapped.Count);
        Assert.All(middle, e => Assert.InRange(e.GrainId.GetUniformHashCode(), a + 1, b));
        Assert.All(wrapped, e => Assert.True(e.GrainId.GetUniformHashCode() is > b or <= a));
        Assert.Equal(40, everything.Count);
    }
}
