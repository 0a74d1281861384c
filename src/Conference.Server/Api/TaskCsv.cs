using System.Globalization;
using System.Text;
using Conference.Activity;
using Conference.Tasks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Conference.Server.Api;

/// <summary>
/// CSV export of a task list (RFC 4180: CRLF lines, fields quoted when needed). Cells that a spreadsheet would run as
/// a formula (=, +, -, @, tab, CR) are prefixed with an apostrophe (OWASP "CSV injection").
/// </summary>
public static class TaskCsv
{
    public const string MediaType = "text/csv";

    private static readonly (string Header, Func<TaskItem, object?> Read)[] Columns =
    [
        ("id", t => t.Id), ("name", t => t.Name), ("type", t => t.Type), ("status", t => t.Status), ("priority", t => t.Priority),
        ("assignee", t => t.Assignee), ("dueDate", t => t.DueDate), ("estimate", t => t.Estimate), ("labels", t => t.Labels),
        ("parentId", t => t.ParentId), ("milestoneId", t => t.MilestoneId), ("blockedBy", t => t.BlockedBy), ("severity", t => t.Severity),
        ("affectedVersion", t => t.AffectedVersion), ("fixedInVersion", t => t.FixedInVersion),
        ("createdAt", t => t.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        ("updatedAt", t => t.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// Whether the client asked for CSV (Accept: text/csv) rather than JSON: the most preferred acceptable type
    /// (RFC 9110 §12.5.1; q=0 means "not acceptable", so it is never chosen).
    /// </summary>
    public static bool Wanted(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
        && accept.Where(a => (a.Quality ?? 1) > 0).OrderByDescending(a => a.Quality ?? 1).FirstOrDefault() is { } best
        && best.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds the CSV form beside the JSON one in the OpenAPI document (one Produces would replace the other).</summary>
    public static Task DescribeExport(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
            content[MediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        return Task.CompletedTask;
    }

    public static IResult Of(IEnumerable<TaskItem> tasks, string fileName)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Columns.Select(c => c.Header))).Append("\r\n");
        foreach (var task in tasks)
            csv.Append(string.Join(',', Columns.Select(c => Cell(ActivityValues.Text(c.Read(task)))))).Append("\r\n");
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), $"{MediaType}; charset=utf-8", fileName);
    }

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
