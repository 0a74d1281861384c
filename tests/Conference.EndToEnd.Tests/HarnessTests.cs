using Conference.EndToEnd.Tests.Browser;
using Conference.EndToEnd.Tests.Werift;
using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests;

/// <summary>The real peers themselves work in the namespace: if these fail, the interop tests cannot say anything.</summary>
[Trait("Category", "Browser")]
public sealed class HarnessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [LoopbackNamespaceFact]
    public async Task Werift_offers_audio_video_and_a_data_channel_with_a_loopback_candidate()
    {
        await using var werift = WeriftPeer.Start();

        string offer = await werift.WaitForOfferAsync(Timeout);

        Assert.Contains("m=audio ", offer);
        Assert.Contains("m=video ", offer);
        Assert.Contains("m=application ", offer);
        Assert.Contains(" 127.0.0.1 ", offer);
        Assert.Contains("a=setup:actpass", offer);
    }

    [LoopbackNamespaceFact]
    public async Task Chromium_posts_an_offer_with_camera_microphone_and_a_data_channel()
    {
        string? offer = null;
        await using var host = await TestPageHost.StartAsync("echo.html", sdp =>
        {
            offer = sdp;
            throw new InvalidOperationException("no answerer in this test");
        });
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        var page = await chromium.Context.NewPageAsync();
        await page.GotoAsync(host.Address.ToString());

        var failure = await Assert.ThrowsAsync<PlaywrightException>(() => page.EvaluateAsync("startCall(false)"));

        Assert.Contains("no answerer in this test", failure.Message);
        Assert.NotNull(offer);
        Assert.Contains("m=audio ", offer);
        Assert.Contains("m=video ", offer);
        Assert.Contains("m=application ", offer);
        Assert.Contains(" 127.0.0.1 ", offer);
    }
}
