using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.WebApp;

/// <summary>The board as the tests use it: columns by workflow status key, cards by name, a real mouse drag.</summary>
public static class BoardScreen
{
    public static ILocator Column(IPage page, string status) => page.GetByTestId($"column-{status}");

    public static ILocator Card(IPage page, string name) => page.GetByTestId("task-card").Filter(new() { HasText = name });

    public static ILocator CardIn(IPage page, string status, string name) => Column(page, status).GetByTestId("task-card").Filter(new() { HasText = name });

    public static async Task QuickAddAsync(IPage page, string status, string statusName, string name)
    {
        var column = Column(page, status);
        var field = column.GetByLabel($"New task in {statusName}");
        if (!await field.IsVisibleAsync()) await column.GetByRole(AriaRole.Button, new() { Name = $"Add task to {statusName}" }).ClickAsync();
        await field.FillAsync(name);
        await field.PressAsync("Enter");
        await Assertions.Expect(CardIn(page, status, name)).ToBeVisibleAsync();
    }

    /// <summary>Presses on the card's title, moves in steps onto the target column, releases (dnd-kit's pointer sensor).</summary>
    public static async Task DragAsync(IPage page, string name, string toStatus)
    {
        var card = Card(page, name).GetByText(name, new() { Exact = true });
        var from = (await card.BoundingBoxAsync())!;
        var to = (await Column(page, toStatus).BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + 10, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + 30, from.Y + from.Height / 2, new() { Steps = 4 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + 60, new() { Steps = 15 });
        await page.Mouse.UpAsync();
    }
}
