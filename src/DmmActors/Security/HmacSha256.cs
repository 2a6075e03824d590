using System.Security.Cryptography;

namespace DmmActors.Security;

/// <summary>
/// HMAC-SHA256 (RFC 2104 §2, RFC 4231) computed over one SHA-256 context per thread, kept and
/// reset between messages: the one-shot <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>
/// sets an HMAC up in OpenSSL 3 for every message, and threads queue on that set-up (measured in
/// loadtests/README.md). The MAC is the same, which the tests check against it.
/// </summary>
public static class HmacSha256
{
    const int BlockSize = 64;
    const byte InnerPad = 0x36, OuterPad = 0x5c;

    public const int Length = 32;

    [ThreadStatic] static IncrementalHash? sha256;

    /// <summary>
    /// HMAC-SHA256 under one key, its context kept between messages: OpenSSL keeps the key's padded
    /// inner and outer states, so a message costs its own blocks and two finishing ones, where
    /// <see cref="Compute"/> hashes both padded keys again every time. Worth its native context
    /// only for a key that many messages use.
    /// </summary>
    /// <remarks>The native context is made at the first MAC: a copy made and dropped in a race to keep an association holds none.</remarks>
    public sealed class Keyed(byte[] key)
    {
        readonly object gate = new();
        IncrementalHash? hmac;

        /// <summary>Writes the MAC of <paramref name="data"/> into <paramref name="mac"/> (at least 32 bytes). Both peers of a pair may call at once.</summary>
        public void Compute(ReadOnlySpan<byte> data, Span<byte> mac)
        {
            // Checked before anything is appended: a failed finish would leave the data in the context for the next MAC.
            ArgumentOutOfRangeException.ThrowIfLessThan(mac.Length, Length, nameof(mac));
            lock (gate)
            {
                hmac ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
                hmac.AppendData(data);
                hmac.GetHashAndReset(mac);
            }
        }
    }

    /// <summary>Writes HMAC-SHA256(<paramref name="key"/>, <paramref name="data"/>) into <paramref name="mac"/> (at least 32 bytes).</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        var h = sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> pad = stackalloc byte[BlockSize];
        pad.Clear();
        // RFC 2104 §2: a key longer than the block is hashed first; a shorter one is padded with zeros.
        if (key.Length > BlockSize) SHA256.HashData(key, pad);
        else key.CopyTo(pad);
        for (int i = 0; i < BlockSize; i++) pad[i] ^= InnerPad;
        Span<byte> inner = stackalloc byte[Length];
        h.AppendData(pad);
        h.AppendData(data);
        h.GetHashAndReset(inner);
        for (int i = 0; i < BlockSize; i++) pad[i] ^= InnerPad ^ OuterPad;
        h.AppendData(pad);
        h.AppendData(inner);
        h.GetHashAndReset(mac);
    }
}
