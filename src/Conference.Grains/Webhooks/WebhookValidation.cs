using Conference.Common;
using Conference.ProjectEvents;
using Conference.Webhooks;

namespace Conference.Grains.Webhooks;

/// <summary>Checks a webhook's input, naming every bad field at once.</summary>
internal static class WebhookValidation
{
    public const int MaxUrl = 2_000;
    public const int MinSecret = 16;
    public const int MaxSecret = 256;

    public static (WebhookRegistration? Registration, ResourceError? Error) Check(string webhookId, string projectId, WebhookInput input,
        string? actorId, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var url = Url(errors, input.Url);
        var secret = Secret(errors, input.Secret);
        var events = Events(errors, input.Events);
        if (errors.Any) return (null, errors.ToError());
        return (new WebhookRegistration(new Webhook(webhookId, projectId, url!, events!, actorId, now, 1), secret!), null);
    }

    /// <summary>An absolute http(s) URL with a host, no credentials and no fragment (receivers never see one).</summary>
    private static string? Url(FieldErrors errors, string? text)
    {
        if (errors.Required("url", text, MaxUrl) is not { } url) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            errors.Add("url", "'url' must be an absolute http or https URL.");
        else if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
            errors.Add("url", "'url' must not carry credentials or a fragment.");
        return url;
    }

    /// <summary>Taken as given (never trimmed): it is the HMAC key the receiver holds.</summary>
    private static string? Secret(FieldErrors errors, string? secret)
    {
        if (string.IsNullOrEmpty(secret)) errors.Add("secret", "'secret' is required.");
        else if (secret.Length is < MinSecret or > MaxSecret) errors.Add("secret", $"'secret' must be {MinSecret} to {MaxSecret} characters.");
        else if (secret.Any(char.IsControl)) errors.Add("secret", "'secret' must not contain control characters.");
        else return secret;
        return null;
    }

    private static string[]? Events(FieldErrors errors, IReadOnlyList<string>? events)
    {
        if (events is not { Count: > 0 })
        {
            errors.Add("events", $"'events' must name at least one of: {string.Join(", ", ProjectEventTypes.All)}.");
            return null;
        }
        var unknown = events.Where(e => !ProjectEventTypes.All.Contains(e)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("events", $"'events' has unknown event types ({string.Join(", ", unknown)}); known: {string.Join(", ", ProjectEventTypes.All)}.");
            return null;
        }
        return ProjectEventTypes.All.Where(events.Contains).ToArray();
    }
}
