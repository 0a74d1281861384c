using System.Text.RegularExpressions;
using Conference.Common;
using Conference.Reports;
using Conference.Workflows;

namespace Conference.Grains.Workflows;

/// <summary>Checks a workflow replacement, naming each bad field as <c>statuses[i].key</c> and so on.</summary>
internal static partial class WorkflowValidation
{
    public const int MaxStatuses = 30;
    public const int MaxName = 50;

    public static (IReadOnlyList<WorkflowStatus>? Statuses, ResourceError? Error) Check(WorkflowInput input)
    {
        var errors = new FieldErrors();
        var inputs = input.Statuses ?? [];
        if (inputs.Count is 0 or > MaxStatuses) errors.Add("statuses", $"'statuses' must list 1 to {MaxStatuses} statuses.");
        var statuses = new List<WorkflowStatus>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var field = $"statuses[{i}]";
            var key = inputs[i]?.Key;
            if (key is null || !KeyPattern().IsMatch(key))
                errors.Add($"{field}.key", "A key is 1 to 40 characters: a lower-case letter, then lower-case letters, digits or '_'.");
            else if (statuses.Any(s => s.Key == key))
                errors.Add($"{field}.key", $"The key '{key}' is listed twice.");
            var name = errors.Required($"{field}.name", inputs[i]?.Name, MaxName);
            if (name is not null && statuses.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
                errors.Add($"{field}.name", $"The name '{name}' is used twice.");
            if (inputs[i]?.Category is not { } category || !Enum.IsDefined(category))
                errors.Add($"{field}.category", "'category' must be one of: todo, in_progress, done, cancelled.");
            else if (key is not null && name is not null)
                statuses.Add(new WorkflowStatus(key, name, category));
        }
        if (!errors.Any && statuses.All(s => s.Category != StatusCategory.Todo))
            errors.Add("statuses", "A workflow needs a status of category 'todo' for new tasks.");
        return errors.Any ? (null, errors.ToError()) : (statuses, null);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex KeyPattern();
}
