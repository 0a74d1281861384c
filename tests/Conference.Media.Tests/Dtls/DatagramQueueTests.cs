using Conference.Media.Dtls;

namespace Conference.Media.Tests.Dtls;

/// <summary>
/// The DTLS thread's inbox: BouncyCastle's blocking transport over datagrams pushed by the receive loop. In order,
/// bounded, a wait that times out, a wait woken by a datagram or by the close, and what was queued still read after it.
/// </summary>
public sealed class DatagramQueueTests
{
    private static DatagramQueue NewQueue(int capacity = 8) => new(_ => { }, capacity, 1200);

    [Fact]
    public void Datagrams_come_out_in_order_and_a_full_queue_drops_the_newest()
    {
        DatagramQueue queue = NewQueue(capacity: 2);
        queue.Enqueue([1, 1]);
        queue.Enqueue([2]);
        queue.Enqueue([3, 3, 3]); // full: dropped
        var buffer = new byte[16];

        Assert.False(queue.IsEmpty);
        Assert.Equal(2, queue.Receive(buffer, 0));
        Assert.Equal(1, buffer[0]);
        Assert.Equal(1, queue.Receive(buffer, 0));
        Assert.Equal(2, buffer[0]);
        Assert.True(queue.IsEmpty);
        Assert.Equal(-1, queue.Receive(buffer, 0));
    }

    [Fact]
    public void A_wait_without_datagrams_times_out()
    {
        DatagramQueue queue = NewQueue();

        Assert.False(queue.WaitForDatagram(30));
        Assert.Equal(-1, queue.Receive(new byte[4], 30));
    }

    [Fact]
    public async Task A_waiting_thread_is_woken_by_a_datagram_and_gets_it()
    {
        DatagramQueue queue = NewQueue();
        var buffer = new byte[16];
        Task<int> receive = Task.Factory.StartNew(() => queue.Receive(buffer, 60_000), TaskCreationOptions.LongRunning);
        await Task.Delay(50);

        queue.Enqueue([7, 8, 9]);

        Assert.Equal(3, await receive.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal([7, 8, 9], buffer[..3]);
    }

    [Fact]
    public async Task Close_wakes_a_waiting_thread_which_then_fails()
    {
        DatagramQueue queue = NewQueue();
        Task<bool> wait = Task.Factory.StartNew(() => queue.WaitForDatagram(60_000), TaskCreationOptions.LongRunning);
        await Task.Delay(50);

        queue.Close();

        await Assert.ThrowsAsync<IOException>(() => wait.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void What_was_queued_before_the_close_is_still_read_then_the_queue_fails()
    {
        DatagramQueue queue = NewQueue();
        queue.Enqueue([5]);
        queue.Close();
        queue.Enqueue([6]); // after the close: refused
        var buffer = new byte[4];

        Assert.True(queue.WaitForDatagram(0));
        Assert.Equal(1, queue.Receive(buffer, 0));
        Assert.Equal(5, buffer[0]);
        Assert.Throws<IOException>(() => queue.Receive(buffer, 0));
        Assert.Throws<IOException>(() => queue.WaitForDatagram(1000));
    }
}
