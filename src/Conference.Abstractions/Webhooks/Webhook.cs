namespace Conference.Webhooks;

/// <summary>A project's webhook as the API shows it: the secret is write-only and never part of it.</summary>
[Immutable, GenerateSerializer, Alias("conference.Webhook")]
public sealed record Webhook(
    [property: Id(0)] string Id,
    [property: Id(1)] string ProjectId,
    [property: Id(2)] string Url,
    [property: Id(3)] IReadOnlyList<string> Events,
    [property: Id(4)] string? CreatedBy,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] long Version) : Common.IVersioned;

[Immutable, GenerateSerializer, Alias("conference.WebhookInput")]
public sealed record WebhookInput(
    [property: Id(0)] string? Url,
    [property: Id(1)] string? Secret,
    [property: Id(2)] IReadOnlyList<string>? Events);

/// <summary>Where and how to sign: what a delivery attempt needs of its webhook.</summary>
[Immutable, GenerateSerializer, Alias("conference.WebhookTarget")]
public sealed record WebhookTarget([property: Id(0)] string Url, [property: Id(1)] string Secret);
