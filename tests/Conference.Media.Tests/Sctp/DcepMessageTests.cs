using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

public sealed class DcepMessageTests
{
    [Fact]
    public void Open_message_has_the_rfc_8832_layout()
    {
        var open = new DataChannelOpen(DataChannelType.PartialReliableRexmitUnordered, 256, 3, "ab", "p");

        byte[] bytes = open.ToArray();

        Assert.Equal(new byte[] { 0x03, 0x81, 0x01, 0x00, 0, 0, 0, 3, 0, 2, 0, 1, (byte)'a', (byte)'b', (byte)'p' }, bytes);
        Assert.True(DataChannelOpen.TryParse(bytes, out DataChannelOpen? parsed));
        Assert.Equal(open, parsed);
    }

    [Fact]
    public void Parser_never_throws_and_valid_messages_round_trip()
    {
        var random = new Random(8832);
        byte[] valid = new DataChannelOpen(DataChannelType.Reliable, 512, 0, "label-ü", "proto").ToArray();
        for (int i = 0; i < 10000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 64)];
                random.NextBytes(input);
                if (input.Length > 0) input[0] = DataChannelOpen.MessageType;
            }
            else
            {
                input = (byte[])valid.Clone();
                for (int m = random.Next(0, 3); m > 0; m--) input[random.Next(input.Length)] = (byte)random.Next(256);
                input = input.AsSpan(0, random.Next(0, input.Length + 1)).ToArray();
            }

            if (DataChannelOpen.TryParse(input, out DataChannelOpen? open))
            {
                Assert.True(DataChannelOpen.TryParse(open!.ToArray(), out DataChannelOpen? again));
                Assert.Equal(open, again);
            }
        }
    }
}
