using System.Net.Http.Headers;
using System.Text;

namespace Conference.LoadTest;

/// <summary>One kind of request, built per call from a worker's own random source.</summary>
public sealed record Scenario(string Name, bool IsRead, Func<SeededTarget, Random, HttpRequestMessage> NewRequest)
{
    private static readonly byte[] TaskBody = Encoding.UTF8.GetBytes("""{"name":"load","priority":"high"}""");

    public static readonly Scenario GetTask = new("GET /api/tasks/{id}", IsRead: true, (target, random) =>
        new HttpRequestMessage(HttpMethod.Get, $"/api/tasks/{target.TaskIds[random.Next(target.TaskIds.Length)]}"));

    public static readonly Scenario PostTask = new("POST /api/projects/{id}/tasks", IsRead: false, (target, _) =>
        new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{target.ProjectId}/tasks")
        {
            Content = new ByteArrayContent(TaskBody) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        });

    public static IReadOnlyList<Scenario> All { get; } = [GetTask, PostTask];
}
