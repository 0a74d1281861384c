using Conference.Grains.Webhooks;

namespace Conference.Server.Tests.Webhooks;

/// <summary>The documented default schedule: 30 s after the first failure, doubling, capped at an hour.</summary>
public sealed class RetryScheduleTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1_920)]
    [InlineData(8, 3_600)]
    [InlineData(40, 3_600)]
    public void The_wait_after_n_failed_attempts_doubles_up_to_the_cap(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new WebhookOptions().RetryDelay(attempts));
}
