using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// The IPv6 extension headers the emulator writes: hop-by-hop options with the Router Alert MLD
/// needs (RFC 2711, RFC 3810 §5), and destination options with the Home Address option a
/// mobile node's BU carries (RFC 6275 §6.3). Both share the TLV option format of RFC 8200 §4.2.
/// </summary>
public static class ExtensionHeaders
{
    const byte Pad1 = 0, PadN = 1, RouterAlert = 5;
    /// <summary>RFC 6275 §6.3.</summary>
    const byte HomeAddress = 201;
    /// <summary>RFC 4727: the RFC 3692-style experiment option type for hop-by-hop and destination options (act 00, chg 0).</summary>
    const byte Experiment = 0x1E;

    /// <summary>Hop-by-hop options: Router Alert with value 0 (MLD), then the emulator metadata.</summary>
    public static void HopByHop(PacketWriter w, byte next, PacketWriter metadata)
    {
        var start = Begin(w, next);
        Align(w, start, 2, 0);
        w.U8(RouterAlert); w.U8(2); w.U16(0);
        Experiments(w, metadata);
        End(w, start);
    }

    /// <summary>Destination options holding only the emulator metadata, for a packet with no other place for it (a RIPng response).</summary>
    public static void DestinationMetadata(PacketWriter w, byte next, PacketWriter metadata)
    {
        var start = Begin(w, next);
        Experiments(w, metadata);
        End(w, start);
    }

    static void Experiments(PacketWriter w, PacketWriter metadata)
    {
        var bytes = metadata.Written;
        for (int at = 0; at < bytes.Length; at += EmulatorMetadata.MaxChunk)
        {
            var chunk = bytes.Slice(at, Math.Min(EmulatorMetadata.MaxChunk, bytes.Length - at));
            w.U8(Experiment); w.U8(chunk.Length); w.Bytes(chunk);
        }
    }

    /// <summary>Destination options with the Home Address option, at its 8n+6 alignment.</summary>
    public static void HomeAddressOption(PacketWriter w, byte next, Ipv6Address home)
    {
        var start = Begin(w, next);
        Align(w, start, 8, 6);
        w.U8(HomeAddress); w.U8(16);
        Ipv6Packet.Address(w, home);
        End(w, start);
    }

    static int Begin(PacketWriter w, byte next)
    {
        var start = w.Length;
        w.U8(next);
        w.U8(0);
        return start;
    }

    static void Align(PacketWriter w, int start, int n, int offset)
    {
        var pad = ((offset - (w.Length - start)) % n + n) % n;
        if (pad == 1) w.U8(Pad1);
        else if (pad > 1) { w.U8(PadN); w.U8(pad - 2); w.Zeros(pad - 2); }
    }

    static void End(PacketWriter w, int start)
    {
        Align(w, start, 8, 0);
        w.PatchU8(start + 1, (w.Length - start) / 8 - 1);
    }

    /// <summary>RFC 6275 §6.4.1: the type 2 routing header, one address (the home address), segments left 1.</summary>
    public static void RoutingType2(PacketWriter w, byte next, Ipv6Address home)
    {
        w.U8(next); w.U8(2); w.U8(2); w.U8(1); w.U32(0);
        Ipv6Packet.Address(w, home);
    }

    /// <summary>Reads a routing header, which must be of type 2 with one address (RFC 6275 §6.4.1); returns the header after it.</summary>
    public static byte ReadRouting(ref PacketReader r, Read into)
    {
        var next = r.U8("routing next header");
        var length = r.U8("routing header length");
        var type = r.U8("routing type");
        var left = r.U8("segments left");
        if (type != 2 || length != 2 || left != 1)
            throw new WireFormatException($"routing header of type {type}, length {length}, segments left {left}: the emulator sends only type 2 with one address");
        r.Skip(4, "type 2 routing header reserved");
        into.RoutedHome = Ipv6Address.Read(r.Bytes(16, "type 2 routing header home address"));
        return next;
    }

    /// <summary>What the extension headers held: a home address, the type 2 routing header's, the metadata, whether a router alert.</summary>
    public sealed class Read
    {
        public Ipv6Address? HomeAddress { get; set; }
        /// <summary>The home address a type 2 routing header carried: the packet's final destination (RFC 6275 §6.4).</summary>
        public Ipv6Address? RoutedHome { get; set; }
        public bool RouterAlert { get; set; }
        public PacketWriter Metadata { get; } = new();
    }

    /// <summary>Reads one hop-by-hop or destination options header; returns the header after it.</summary>
    public static byte ReadOptions(ref PacketReader r, Read into)
    {
        var next = r.U8("options next header");
        var length = (r.U8("options header length") + 1) * 8 - 2;
        var end = r.Position + length;
        if (length > r.Remaining) throw new WireFormatException($"options header of {length + 2} bytes runs past the packet");
        while (r.Position < end)
        {
            var type = r.U8("option type");
            if (type == Pad1) continue;
            var size = r.U8("option length");
            if (r.Position + size > end) throw new WireFormatException($"option {type} of {size} bytes runs past its header");
            var body = r.Bytes(size, $"option {type}");
            switch (type)
            {
                case RouterAlert: into.RouterAlert = true; break;
                case HomeAddress when size == 16: into.HomeAddress = Ipv6Address.Read(body); break;
                case HomeAddress: throw new WireFormatException($"Home Address option of {size} bytes, not 16");
                case Experiment: into.Metadata.Bytes(body); break;
            }
        }
        return next;
    }
}
