using System.Buffers.Binary;
using System.Text;

namespace DmmActors.Capture;

/// <summary>
/// A pcapng file (draft-ietf-opsawg-pcapng): one section, one interface of raw IPv6 packets
/// (LINKTYPE_RAW, 101) with microsecond timestamps (if_tsresol 6), and an Enhanced Packet Block
/// per packet. Small enough to keep here rather than take a capture library for it.
/// </summary>
public sealed class PcapngWriter : IDisposable
{
    const uint SectionHeaderBlock = 0x0A0D0D0A, InterfaceDescriptionBlock = 1, EnhancedPacketBlock = 6;
    const ushort LinkTypeRaw = 101;
    const ushort OptEnd = 0, OptComment = 1, ShbUserAppl = 4, IfName = 2, IfTsresol = 9;

    readonly Stream stream;
    readonly byte[] block = new byte[65_600];

    public long Bytes { get; private set; }

    public PcapngWriter(Stream stream, string application, string interfaceName, string comment)
    {
        this.stream = stream;
        var n = 0;
        U32(ref n, SectionHeaderBlock); U32(ref n, 0);
        U32(ref n, 0x1A2B3C4D); U16(ref n, 1); U16(ref n, 0);
        U64(ref n, ulong.MaxValue); // section length not given
        Option(ref n, ShbUserAppl, Encoding.UTF8.GetBytes(application));
        Option(ref n, OptComment, Encoding.UTF8.GetBytes(comment));
        U16(ref n, OptEnd); U16(ref n, 0);
        Finish(n);

        n = 0;
        U32(ref n, InterfaceDescriptionBlock); U32(ref n, 0);
        U16(ref n, LinkTypeRaw); U16(ref n, 0); U32(ref n, 0);
        Option(ref n, IfName, Encoding.UTF8.GetBytes(interfaceName));
        Option(ref n, IfTsresol, [6]);
        U16(ref n, OptEnd); U16(ref n, 0);
        Finish(n);
    }

    /// <summary>Writes one packet with its timestamp in microseconds since 1970 (model time 0 in model-time captures).</summary>
    public void Packet(ReadOnlySpan<byte> packet, long timestampMicros)
    {
        if (packet.Length > block.Length - 64) throw new ArgumentException($"a packet of {packet.Length} bytes is larger than a capture block");
        var n = 0;
        U32(ref n, EnhancedPacketBlock); U32(ref n, 0);
        U32(ref n, 0);
        var ts = (ulong)Math.Max(0, timestampMicros);
        U32(ref n, (uint)(ts >> 32)); U32(ref n, (uint)ts);
        U32(ref n, (uint)packet.Length); U32(ref n, (uint)packet.Length);
        packet.CopyTo(block.AsSpan(n));
        n += packet.Length;
        while (n % 4 != 0) block[n++] = 0;
        Finish(n);
    }

    void Option(ref int n, ushort code, ReadOnlySpan<byte> value)
    {
        U16(ref n, code); U16(ref n, (ushort)value.Length);
        value.CopyTo(block.AsSpan(n));
        n += value.Length;
        while (n % 4 != 0) block[n++] = 0;
    }

    /// <summary>Closes the block with its total length, at both ends as the format has it.</summary>
    void Finish(int n)
    {
        var total = n + 4;
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(4), (uint)total);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(n), (uint)total);
        stream.Write(block, 0, total);
        Bytes += total;
    }

    void U16(ref int n, ushort v) { BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(n), v); n += 2; }
    void U32(ref int n, uint v) { BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(n), v); n += 4; }
    void U64(ref int n, ulong v) { BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(n), v); n += 8; }

    public void Dispose() => stream.Dispose();
}
