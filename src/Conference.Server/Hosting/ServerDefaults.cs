namespace Conference.Server.Hosting;

public static class ServerDefaults
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Listens on 127.0.0.1:5080 unless --urls or ASPNETCORE_URLS says otherwise, and reads the appsettings.json
    /// shipped beside the executable when the working directory has none (e.g. `dotnet path/Conference.Server.dll`).
    /// </summary>
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")) && File.Exists(shipped))
        {
            // Lowest precedence: environment variables and the command line still win.
            var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = shipped, Optional = true };
            source.ResolveFileProvider();
            builder.Configuration.Sources.Insert(0, source);
        }
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
            builder.WebHost.UseUrls(DefaultUrl);
        return builder;
    }

    public static WebApplication UseConferenceErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
