using Conference.Common;

namespace Conference.Abstractions.Tests;

public sealed class ResourceIdsTests
{
    [Fact]
    public void New_ids_are_26_url_safe_characters_and_distinct()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => ResourceIds.New()).ToList();

        Assert.All(ids, id => Assert.Matches("^[0-9a-z]{26}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(ResourceIds.IsWellFormed(id)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("../etc")]
    [InlineData("with space")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Malformed_ids_are_rejected(string id) => Assert.False(ResourceIds.IsWellFormed(id));

    [Fact]
    public void Cursors_round_trip_and_garbage_is_rejected()
    {
        var cursor = PageCursor.Encode(1234);

        Assert.True(PageCursor.TryDecode(cursor, out var sequence));
        Assert.Equal(1234, sequence);
        Assert.True(PageCursor.TryDecode(null, out var none));
        Assert.Equal(0, none);
        Assert.False(PageCursor.TryDecode("!!!", out _));
        Assert.False(PageCursor.TryDecode(PageCursor.Encode(5)[..^1] + "*", out _));
        Assert.False(PageCursor.TryDecode("bm90LWEtbnVtYmVy", out _)); // "not-a-number"
    }

    [Fact]
    public void Field_errors_collect_every_problem()
    {
        var errors = new FieldErrors();
        errors.Required("name", null, 10);
        errors.Optional("description", new string('x', 11), 10);
        errors.Optional("title", "bell\a", 10);

        var error = errors.ToError();

        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal(["description", "name", "title"], error.Fields!.Keys.Order());
    }
}
