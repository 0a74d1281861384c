using Conference.Grains.Recordings;
using Conference.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace Conference.Server.Recordings;

public static class RecordingsHosting
{
    /// <summary>The recording store named by Conference:Recordings:Store and its options (silos write, gateways serve downloads).</summary>
    public static WebApplicationBuilder AddConferenceRecordings(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RecordingOptions.Section).Get<RecordingOptions>() ?? new RecordingOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddDataProtection();
        builder.Services.AddSingleton<RecordingDownloads>();
        builder.Services.AddSingleton<IRecordingStore>(services =>
        {
            var data = services.GetRequiredService<ConferenceOptions>().FullDataPath;
            return options.Store.Trim().ToLowerInvariant() switch
            {
                "files" => new FileRecordingStore(data),
                "s3" => S3RecordingStore.Create(options, Path.Combine(data, "recording-spool"), services.GetRequiredService<ILogger<S3RecordingStore>>()),
                var other => throw new InvalidOperationException($"{RecordingOptions.Section}:Store must be \"files\" or \"s3\", not \"{other}\"."),
            };
        });
        return builder;
    }
}
