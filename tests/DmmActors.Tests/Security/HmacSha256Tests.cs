using System.Security.Cryptography;
using DmmActors.Security;
using Xunit;

namespace DmmActors.Tests.Security;

public class HmacSha256Tests
{
    static string Mac(byte[] key, byte[] data)
    {
        var mac = new byte[HmacSha256.Length];
        HmacSha256.Compute(key, data, mac);
        return Convert.ToHexStringLower(mac);
    }

    [Theory]
    // RFC 4231 §4.2, §4.3: a 20-byte key and a short one.
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void It_gives_the_test_vectors_of_RFC_4231(string key, string data, string expected) =>
        Assert.Equal(expected, Mac(Convert.FromHexString(key), Convert.FromHexString(data)));

    [Fact]
    public void A_key_longer_than_the_block_is_hashed_first_as_RFC_4231_test_case_6_has_it() =>
        Assert.Equal("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            Mac(Enumerable.Repeat((byte)0xaa, 131).ToArray(), "Test Using Larger Than Block-Size Key - Hash Key First"u8.ToArray()));

    [Fact]
    public void It_gives_the_platform_HMAC_for_keys_and_messages_of_every_length_around_the_block()
    {
        var random = new Random(4231);
        foreach (var keyLength in new[] { 0, 1, 32, 63, 64, 65, 200 })
            foreach (var dataLength in new[] { 0, 1, 55, 56, 64, 130, 1000 })
            {
                var key = new byte[keyLength];
                var data = new byte[dataLength];
                random.NextBytes(key);
                random.NextBytes(data);
                Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(key, data)), Mac(key, data));
            }
    }

    [Fact]
    public void Threads_computing_at_once_each_get_their_own_MAC()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var messages = Enumerable.Range(0, 64).Select(i => RandomNumberGenerator.GetBytes(100 + i)).ToArray();
        var expected = messages.Select(m => Convert.ToHexStringLower(HMACSHA256.HashData(key, m))).ToArray();
        Parallel.For(0, 4000, i => Assert.Equal(expected[i % messages.Length], Mac(key, messages[i % messages.Length])));
    }

    [Fact]
    public void A_kept_key_gives_the_MAC_of_every_message_in_turn_and_from_threads_at_once()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var kept = new HmacSha256.Keyed(key);
        var messages = Enumerable.Range(0, 64).Select(i => RandomNumberGenerator.GetBytes(i * 7)).ToArray();
        var expected = messages.Select(m => Convert.ToHexStringLower(HMACSHA256.HashData(key, m))).ToArray();
        string KeptMac(byte[] m)
        {
            var mac = new byte[HmacSha256.Length];
            kept.Compute(m, mac);
            return Convert.ToHexStringLower(mac);
        }
        for (int i = 0; i < messages.Length; i++) Assert.Equal(expected[i], KeptMac(messages[i]));
        Parallel.For(0, 4000, i => Assert.Equal(expected[i % messages.Length], KeptMac(messages[i % messages.Length])));
    }
}
