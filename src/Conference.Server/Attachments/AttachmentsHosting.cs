using Conference.Server.Hosting;

namespace Conference.Server.Attachments;

public static class AttachmentsHosting
{
    /// <summary>The attachment store named by Conference:Attachments:Store, its options and policy.</summary>
    public static WebApplicationBuilder AddConferenceAttachments(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AttachmentOptions.Section).Get<AttachmentOptions>() ?? new AttachmentOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<AttachmentPolicy>();
        builder.Services.AddSingleton<IAttachmentStore>(services => options.Store.Trim().ToLowerInvariant() switch
        {
            AttachmentStores.Files => new FileAttachmentStore(
                Path.Combine(services.GetRequiredService<ConferenceOptions>().FullDataPath, "attachments")),
            AttachmentStores.S3 => S3AttachmentStore.Create(options),
            var other => throw new InvalidOperationException(
                $"{AttachmentOptions.Section}:Store must be \"{AttachmentStores.Files}\" or \"{AttachmentStores.S3}\", not \"{other}\"."),
        });
        return builder;
    }
}
