using Conference.Server.Hosting;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Embedded;

/// <summary>Temp files that a killed process left mid-write in the data folder are removed at the next start.</summary>
public sealed class LeftoverTempFilesTests
{
    [Fact]
    public async Task A_start_removes_stale_temp_files_and_keeps_state_and_fresh_temp_files()
    {
        var data = TempFolder.Create("conference-leftovers");
        var folder = Path.Combine(data, "grains", "room", "room", "ab");
        Directory.CreateDirectory(folder);
        var state = Path.Combine(folder, "ab12.bin");
        var stale = Path.Combine(folder, "ab12.bin.0f0f.tmp");
        var fresh = Path.Combine(folder, "ab34.bin.1e1e.tmp");
        var reminders = Path.Combine(data, "reminders.json.2d2d.tmp");
        foreach (var file in new[] { state, stale, fresh, reminders }) await File.WriteAllTextAsync(file, "x");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddMinutes(-10));
        File.SetLastWriteTimeUtc(reminders, DateTime.UtcNow.AddMinutes(-10));

        Assert.Equal(2, LeftoverTempFiles.Remove(data, DateTime.UtcNow));
        Assert.True(File.Exists(state));
        Assert.True(File.Exists(fresh));
        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(reminders));

        // And the server does it when it starts on that folder.
        File.SetLastWriteTimeUtc(fresh, DateTime.UtcNow.AddMinutes(-10));
        await using var server = ApiFactory.On(data, HttpJson.UniqueEmail("admin"));
        _ = server.Services;
        Assert.False(File.Exists(fresh));
        Assert.True(File.Exists(state));
    }
}
