using System.Text;
using Conference.Comments;
using Conference.Common;
using Conference.Milestones;
using Conference.Projects;
using Conference.Tasks;
using Conference.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Conference.Abstractions.Tests;

/// <summary>Stored and wire types are written under their [Alias], so renaming a class never breaks storage.</summary>
public sealed class SerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(User).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    public static TheoryData<object, string> Samples => new()
    {
        { new User("u1", "Ann", "ann@example.com", UserRole.Admin, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 3), "conference.User" },
        { new Project("p1", "Apollo", null, ProjectStatus.OnHold, new DateOnly(2026, 1, 2), null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1), "conference.Project" },
        { new TaskItem("t1", "p1", "Build", "d", TaskItemStatus.InReview, "u1", TaskPriority.Urgent, new DateOnly(2026, 2, 3), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 7), "conference.TaskItem" },
        { new Milestone("m1", "p1", "Beta", null, null, new DateOnly(2026, 4, 1), MilestoneStatus.Active, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 2), "conference.Milestone" },
        { new Comment("c1", "t1", "u1", "**done**", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1), "conference.Comment" },
        { ResourceError.Invalid("name", "bad"), "conference.ResourceError" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Values_round_trip_under_their_alias_not_their_clr_name(object value, string alias)
    {
        var bytes = Serializer.SerializeToArray(value);
        var text = Encoding.UTF8.GetString(bytes);

        var copy = Serializer.Deserialize<object>(bytes);

        Assert.Contains(alias, text);
        Assert.DoesNotContain(value.GetType().FullName!, text);
        if (value is ResourceError error)
            Assert.Equal(error.Fields!["name"], ((ResourceError)copy).Fields!["name"]);
        else
            Assert.Equal(value, copy);
    }
}
