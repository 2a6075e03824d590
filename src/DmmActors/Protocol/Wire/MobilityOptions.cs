using System.Buffers.Binary;
using System.Text;
using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>Mobility option types (IANA "Mobility Options"; RFC 6275 §6.2 and the RFCs that add them).</summary>
public static class MobilityOptionType
{
    public const byte Pad1 = 0, PadN = 1;
    /// <summary>RFC 6275 §6.2.6, §6.2.7.</summary>
    public const byte NonceIndices = 4, BindingAuthorizationData = 5;
    /// <summary>RFC 4283 §3.</summary>
    public const byte MobileNodeIdentifier = 8;
    /// <summary>RFC 3963 §4.3.</summary>
    public const byte MobileNetworkPrefix = 6;
    /// <summary>RFC 4285 §5: the Mobility Message Authentication option, and its MN-HA subtype (§5.1).</summary>
    public const byte MobilityMessageAuthentication = 9, MnHaAuthenticationSubtype = 1;
    /// <summary>RFC 5096 §2.</summary>
    public const byte Experimental = 18;
    /// <summary>RFC 5094 §3: Vendor ID (an IANA Private Enterprise Number), Sub-Type, Data.</summary>
    public const byte VendorSpecific = 19;
    /// <summary>RFC 5612 §2: the Private Enterprise Number for documentation use, which stands for the emulator's vendor here.</summary>
    public const uint DocumentationEnterpriseNumber = 32473;
    /// <summary>The emulator's Vendor Specific sub-type for protocol state that no RFC option carries.</summary>
    public const byte ProtocolStateSubtype = 1;
    /// <summary>RFC 5213 §8.3, §8.4, §8.5, §8.8.</summary>
    public const byte HomeNetworkPrefix = 22, HandoffIndicator = 23, AccessTechnologyType = 24, Timestamp = 27;
    /// <summary>RFC 5949 §6.2.1, §6.2.3.</summary>
    public const byte ContextRequest = 40, LocalMobilityAnchorAddress = 41;
    /// <summary>RFC 6463 §4.3.</summary>
    public const byte LoadInformation = 48;

    /// <summary>RFC 6463 §4.1, §4.2 (IANA Mobility Options 46, 47): runtime LMA assignment.</summary>
    public const byte RedirectCapability = 46, Redirect = 47;

    /// <summary>RFC 6705 §11.1 (IANA Mobility Options 51).</summary>
    public const byte MagIpv6Address = 51;
    /// <summary>RFC 5555 §3.1.1, §3.2.1, §3.2.2, §3.1.2.</summary>
    public const byte Ipv4HomeAddress = 29, Ipv4AddressAcknowledgement = 30, NatDetection = 31, Ipv4CareOfAddress = 32;
    /// <summary>RFC 6275 §6.2.5: the Alternate Care-of Address option.</summary>
    public const byte AlternateCareOfAddress = 3;
    /// <summary>RFC 5568 §6.4.4, §6.4.2 (its IANA type, §11): the Mobility Header Link-Layer Address and IPv6 Address/Prefix options.</summary>
    public const byte LinkLayerAddress = 7, Ipv6AddressPrefix = 34;
    /// <summary>RFC 8885 §4.3, §4.5, §4.6 (IANA Mobility Options 65, 67, 68).</summary>
    public const byte AnchoredPrefix = 65, PreviousMaar = 67, ServingMaar = 68;
}

/// <summary>The options of one mobility header, as read.</summary>
public sealed class MobilityOptions
{
    public MnIdentifier? MnId { get; set; }
    /// <summary>Every MN-ID option, in order: RFC 6705 §10 names two nodes, each followed by its HNP.</summary>
    public List<MnIdentifier> MnIds { get; } = new();
    /// <summary>RFC 6705 §11.1: the MAG IPv6 Address option's address, if it came.</summary>
    public Ipv6Address? MagAddress { get; set; }
    public List<(Prefix64 Prefix, int Length)> Prefixes { get; } = new();
    public List<Prefix64> MobileNetworkPrefixes { get; } = new();
    public HandoffIndicator? HandoffIndicator { get; set; }
    public AccessTechnologyType? AccessTechnologyType { get; set; }
    /// <summary>The Timestamp option's 64 bits: 48 of seconds, 16 of 1/65536 seconds (RFC 5213 §8.8).</summary>
    public ulong? Timestamp { get; set; }
    public List<Ipv6Address> LmaAddresses { get; } = new();
    /// <summary>RFC 6463 §4.1: whether the Redirect-Capability option came.</summary>
    public bool RedirectCapability { get; set; }
    /// <summary>RFC 6463 §4.2: the r2LMA's IPv6 address in the Redirect option, if it came.</summary>
    public Ipv6Address? Redirect { get; set; }
    /// <summary>The Load Information option's sessions (RFC 6463 §4.3), if it came.</summary>
    public (uint SessionsInUse, uint MaximumSessions)? Load { get; set; }
    /// <summary>The option types a Context Request option asked for (RFC 5949 §6.2.1), in order.</summary>
    public List<byte> ContextRequested { get; } = new();
    public MessageAuthentication? Authentication { get; set; }
    public Ipv4Address? Ipv4HomeAddress { get; set; }
    public Ipv4AddressAcknowledgement? Ipv4AddressAcknowledgement { get; set; }
    public uint? NatRefreshTime { get; set; }
    public Ipv4Address? Ipv4CareOf { get; set; }
    public (ushort Home, ushort CareOf)? NonceIndices { get; set; }
    public BindingAuthorizationData? Authorizer { get; set; }
    public Ipv6Address? AlternateCareOf { get; set; }
    /// <summary>RFC 8885 §4.3: the Anchored Prefix options' prefixes, in order.</summary>
    public List<Prefix64> AnchoredPrefixes { get; } = new();
    /// <summary>RFC 8885 §4.5: each Previous MAAR option's address and home network prefix, in order.</summary>
    public List<(Ipv6Address Maar, Prefix64 Prefix)> PreviousMaars { get; } = new();
    /// <summary>RFC 8885 §4.6: the Serving MAAR option's address, if it came.</summary>
    public Ipv6Address? ServingMaar { get; set; }
    /// <summary>The Mobility Header Link-Layer Address option's address (RFC 5568 §6.4.4).</summary>
    public byte[]? LinkLayer { get; set; }
    /// <summary>The Mobility Header IPv6 Address/Prefix options, by option-code (RFC 5568 §6.4.2).</summary>
    public List<(byte Code, Ipv6Address Address)> Addresses { get; } = new();

    public Ipv6Address? AddressOf(byte code) => Addresses.FindIndex(a => a.Code == code) is >= 0 and var i ? Addresses[i].Address : null;
    /// <summary>What the Experimental options held: the emulator's send time.</summary>
    public PacketWriter Metadata { get; } = new();
    /// <summary>The emulator's protocol state (its procedure and what no RFC option carries), from its Vendor Specific options, in order.</summary>
    public PacketWriter ProtocolState { get; } = new();
}

/// <summary>Writes a mobility header (RFC 6275 §6.1.1) and its options, each at the alignment the RFC defining it gives.</summary>
public sealed class MobilityHeaderWriter(PacketWriter w)
{
    int start;

    public void Begin(byte mhType)
    {
        start = w.Length;
        w.U8(NextHeader.NoNextHeader); // Payload Proto
        w.U8(0);                        // Header Len, patched
        w.U8(mhType);
        w.U8(0);
        w.U16(0);                       // Checksum, patched
    }

    /// <summary>RFC 6275 §6.2: pad so that the next option starts at 8n + <paramref name="offset"/> from the header's start.</summary>
    public void Align(int n, int offset)
    {
        var pad = ((offset - (w.Length - start)) % n + n) % n;
        if (pad == 1) w.U8(MobilityOptionType.Pad1);
        else if (pad > 1) { w.U8(MobilityOptionType.PadN); w.U8(pad - 2); w.Zeros(pad - 2); }
    }

    public void MnIdentifier(MnIdentifier mn)
    {
        Span<byte> buffer = stackalloc byte[Addressing.MnIdentifier.MaxNaiLength];
        var nai = buffer[..mn.WriteNai(buffer)];
        w.U8(MobilityOptionType.MobileNodeIdentifier); w.U8(1 + nai.Length);
        w.U8(1); // subtype 1: NAI (RFC 4283 §3)
        w.Bytes(nai);
    }

    public void HomeNetworkPrefix(Prefix64 prefix) => Prefix(MobilityOptionType.HomeNetworkPrefix, prefix);

    /// <summary>RFC 6275 §6.2.5: at 8n+6, so that the address starts on an 8-octet boundary.</summary>
    public void AlternateCareOf(Ipv6Address careOf)
    {
        Align(8, 6);
        w.U8(MobilityOptionType.AlternateCareOfAddress); w.U8(16);
        Ipv6Packet.Address(w, careOf);
    }

    /// <summary>RFC 5568 §6.4.4: option-code and address, no alignment.</summary>
    public void LinkLayerAddress(byte code, ReadOnlySpan<byte> address)
    {
        w.U8(MobilityOptionType.LinkLayerAddress); w.U8(1 + address.Length); w.U8(code);
        w.Bytes(address);
    }

    /// <summary>RFC 5568 §6.4.2: at 8n+4, option-code, prefix length 128, the address.</summary>
    public void AddressOrPrefix(byte code, Ipv6Address address)
    {
        Align(8, 4);
        w.U8(MobilityOptionType.Ipv6AddressPrefix); w.U8(18); w.U8(code); w.U8(128);
        Ipv6Packet.Address(w, address);
    }

    public void MobileNetworkPrefix(Prefix64 prefix) => Prefix(MobilityOptionType.MobileNetworkPrefix, prefix);

    /// <summary>RFC 8885 §4.3: laid out as the HNP option (reserved, prefix length, 16 octets), at 8n+4.</summary>
    public void AnchoredPrefix(Prefix64 prefix) => Prefix(MobilityOptionType.AnchoredPrefix, prefix);

    /// <summary>RFC 8885 §4.5: at 8n+4, length 34: reserved, prefix length, the previous MAAR's address, then the prefix.</summary>
    public void PreviousMaar(Ipv6Address maar, Prefix64 prefix)
    {
        Align(8, 4);
        w.U8(MobilityOptionType.PreviousMaar); w.U8(34); w.U8(0); w.U8(64);
        Ipv6Packet.Address(w, maar);
        Ipv6Packet.Address(w, new Ipv6Address(prefix.Bits, 0));
    }

    /// <summary>RFC 8885 §4.6: at 8n+6, so that the address starts on an 8-octet boundary; length 16.</summary>
    public void ServingMaar(Ipv6Address maar)
    {
        Align(8, 6);
        w.U8(MobilityOptionType.ServingMaar); w.U8(16);
        Ipv6Packet.Address(w, maar);
    }

    /// <summary>RFC 5213 §8.3 and RFC 3963 §4.3 lay a prefix option out alike, at 8n+4.</summary>
    void Prefix(byte type, Prefix64 prefix)
    {
        Align(8, 4);
        w.U8(type); w.U8(18);
        w.U8(0);
        // RFC 5213 §8.3: a MAG asking the LMA to assign the prefix sends it all zero.
        w.U8(prefix.IsNone ? 0 : 64);
        Ipv6Packet.Address(w, new Ipv6Address(prefix.Bits, 0));
    }

    /// <summary>
    /// RFC 4285 §5: the last option of the header. At 8n+1 its SPI ends and its authenticator
    /// (HMAC-SHA256 here, RFC 4285's HMAC-SHA1-96 lengthened as the issue asks) starts on an
    /// 8-octet boundary, and the option ends the header on one, with no padding after it.
    /// </summary>
    /// <summary>The option's type, length, subtype and SPI: what precedes its authenticator, and what the authenticator covers of it.</summary>
    public const int AuthenticationHeaderLength = 7;

    /// <summary>Writes the option's header for <paramref name="spi"/> into <paramref name="into"/>; its length.</summary>
    public static int AuthenticationHeader(Span<byte> into, uint spi)
    {
        into[0] = MobilityOptionType.MobilityMessageAuthentication;
        into[1] = 5 + Authenticator.Length;
        into[2] = MobilityOptionType.MnHaAuthenticationSubtype;
        BinaryPrimitives.WriteUInt32BigEndian(into[3..], spi);
        return AuthenticationHeaderLength;
    }

    public void Authentication(MessageAuthentication authentication)
    {
        Align(8, 1);
        Span<byte> header = stackalloc byte[AuthenticationHeaderLength];
        w.Bytes(header[..AuthenticationHeader(header, authentication.Spi)]);
        Span<byte> value = stackalloc byte[Authenticator.Length];
        authentication.Value.Write(value);
        w.Bytes(value);
    }

    public void HandoffIndicator(HandoffIndicator hi)
    {
        w.U8(MobilityOptionType.HandoffIndicator); w.U8(2); w.U8(0); w.U8((byte)hi);
    }

    public void AccessTechnologyType(AccessTechnologyType att)
    {
        w.U8(MobilityOptionType.AccessTechnologyType); w.U8(2); w.U8(0); w.U8((byte)att);
    }

    public void Timestamp(ModelTime at)
    {
        Align(8, 2);
        w.U8(MobilityOptionType.Timestamp); w.U8(8);
        w.U64(TimestampOption.FromModelTime(at));
    }

    /// <summary>
    /// RFC 5949 §6.2.1: the options the sender asks its peer's context in; a Vendor Specific one is
    /// named by its vendor and sub-type (Req-length 5), the others by their type alone (Req-length 0).
    /// </summary>
    public void ContextRequest(IReadOnlyList<byte> types, IReadOnlyList<(uint Vendor, byte Subtype)> vendorSpecific)
    {
        w.U8(MobilityOptionType.ContextRequest); w.U8(2 + types.Count * 2 + vendorSpecific.Count * 7);
        w.U16(0);
        foreach (var t in types) { w.U8(t); w.U8(0); }
        foreach (var (vendor, subtype) in vendorSpecific) { w.U8(MobilityOptionType.VendorSpecific); w.U8(5); w.U32(vendor); w.U8(subtype); }
    }

    /// <summary>
    /// RFC 6463 §4.3: priority, sessions in use and the most sessions, used and most capacity
    /// (here in sessions as well), each 32 bits after the 16-bit priority; 4n alignment.
    /// </summary>
    public void LoadInformation(uint sessionsInUse, uint maximumSessions)
    {
        Align(4, 0);
        w.U8(MobilityOptionType.LoadInformation); w.U8(18);
        w.U16(1);
        w.U32(sessionsInUse); w.U32(maximumSessions);
        w.U32(sessionsInUse); w.U32(maximumSessions);
    }

    /// <summary>RFC 5555 §3.1.1: 4n alignment; prefix length 32 in the top six bits, P clear (no mobile network prefix asked), the address.</summary>
    public void Ipv4HomeAddress(Ipv4Address home)
    {
        Align(4, 0);
        w.U8(MobilityOptionType.Ipv4HomeAddress); w.U8(6);
        w.U8(32 << 2); w.U8(0);
        Ipv4Packet.Address(w, home);
    }

    /// <summary>RFC 5555 §3.2.1: the status, the prefix length in the top six bits (zero on a failure), the address.</summary>
    public void Ipv4AddressAcknowledgement(Ipv4AddressAcknowledgement ack)
    {
        Align(4, 0);
        w.U8(MobilityOptionType.Ipv4AddressAcknowledgement); w.U8(6);
        w.U8((byte)ack.Status); w.U8(ack.Accepted ? 32 << 2 : 0);
        Ipv4Packet.Address(w, ack.HomeAddress);
    }

    /// <summary>RFC 5555 §3.2.2: F clear (the home agent encapsulates in UDP because it found a NAT, not by force), the refresh time in seconds.</summary>
    public void NatDetection(uint refreshTime)
    {
        Align(4, 0);
        w.U8(MobilityOptionType.NatDetection); w.U8(6);
        w.U16(0); w.U32(refreshTime);
    }

    /// <summary>RFC 5555 §3.1.2: reserved, the care-of address the node has.</summary>
    public void Ipv4CareOfAddress(Ipv4Address careOf)
    {
        Align(4, 0);
        w.U8(MobilityOptionType.Ipv4CareOfAddress); w.U8(6);
        w.U16(0);
        Ipv4Packet.Address(w, careOf);
    }

    /// <summary>RFC 6705 §11.1: 8n+4 alignment; length 18, reserved, the address length (128), the address.</summary>
    public void MagIpv6Address(Ipv6Address mag)
    {
        Align(8, 4);
        w.U8(MobilityOptionType.MagIpv6Address); w.U8(18); w.U8(0); w.U8(128);
        Ipv6Packet.Address(w, mag);
    }

    /// <summary>RFC 6463 §4.1: 4n alignment, length 2, 16 reserved bits.</summary>
    public void RedirectCapability()
    {
        Align(4, 0);
        w.U8(MobilityOptionType.RedirectCapability); w.U8(2); w.U16(0);
    }

    /// <summary>RFC 6463 §4.2: 4n alignment; K set (an IPv6 r2LMA address follows, as the PBU came over IPv6), N clear, length 18.</summary>
    public void Redirect(Ipv6Address r2Lma)
    {
        Align(4, 0);
        w.U8(MobilityOptionType.Redirect); w.U8(18); w.U16(RedirectK);
        Ipv6Packet.Address(w, r2Lma);
    }

    /// <summary>RFC 6463 §4.2: the K flag, an IPv6 address; N (0x4000) an IPv4 one.</summary>
    public const ushort RedirectK = 0x8000, RedirectN = 0x4000;

    public void LmaAddress(Ipv6Address lma)
    {
        Align(8, 4);
        w.U8(MobilityOptionType.LocalMobilityAnchorAddress); w.U8(18);
        w.U8(1); // Option-Code 1: IPv6 (RFC 5949 §6.2.3)
        w.U8(0);
        Ipv6Packet.Address(w, lma);
    }

    /// <summary>
    /// Writes a message's emulator metadata: the send time, which only the measurements read (a
    /// replay is played back later with its authentication intact), in the Experimental option,
    /// which receivers skip and the authentication does not cover; everything else, the procedure
    /// included, which nodes act on, in Vendor Specific options, which the authentication covers
    /// (RFC 4285 §5: every option before it), so no one on the path alters it unseen.
    /// </summary>
    public void Metadata(PacketWriter blob)
    {
        var bytes = blob.Written;
        var sendTime = bytes.Slice(EmulatorMetadata.SendTimeAt, EmulatorMetadata.SendTimeLength);
        w.U8(MobilityOptionType.Experimental); w.U8(sendTime.Length); w.Bytes(sendTime);
        var stateLength = bytes.Length - sendTime.Length;
        Span<byte> state = stateLength <= 1024 ? stackalloc byte[stateLength] : new byte[stateLength];
        bytes[..EmulatorMetadata.SendTimeAt].CopyTo(state);
        bytes[(EmulatorMetadata.SendTimeAt + EmulatorMetadata.SendTimeLength)..].CopyTo(state[EmulatorMetadata.SendTimeAt..]);
        const int header = 4 + 1;
        for (int at = 0; at < state.Length; at += EmulatorMetadata.MaxChunk - header)
        {
            var chunk = state.Slice(at, Math.Min(EmulatorMetadata.MaxChunk - header, state.Length - at));
            Align(4, 2); // RFC 5094 §3: 4n+2
            w.U8(MobilityOptionType.VendorSpecific); w.U8(header + chunk.Length);
            w.U32(MobilityOptionType.DocumentationEnterpriseNumber); w.U8(MobilityOptionType.ProtocolStateSubtype);
            w.Bytes(chunk);
        }
    }

    /// <summary>Pads the header to a multiple of 8 octets and patches its length and checksum.</summary>
    public void End(Ipv6Address checksumSource, Ipv6Address destination)
    {
        Align(8, 0);
        var length = w.Length - start;
        w.PatchU8(start + 1, length / 8 - 1);
        w.PatchU16(start + 4, Ipv6Packet.Checksum(w.Slice(start, length), checksumSource, destination, NextHeader.MobilityHeader));
    }
}

/// <summary>Reads a mobility header's fixed part and options.</summary>
public static class MobilityHeaderReader
{
    public readonly record struct Header(byte Type, int Length);

    /// <summary>Reads the six octets of RFC 6275 §6.1.1 and checks the length and the checksum.</summary>
    public static Header Read(ref PacketReader r, ReadOnlySpan<byte> whole, Ipv6Address checksumSource, Ipv6Address destination)
    {
        var start = r.Position;
        var payloadProto = r.U8("MH payload proto");
        if (payloadProto != NextHeader.NoNextHeader) throw new WireFormatException($"MH payload proto {payloadProto}, not 59 (RFC 6275 §6.1.1)");
        var length = (r.U8("MH header length") + 1) * 8;
        var type = r.U8("MH type");
        r.U8("MH reserved");
        r.U16("MH checksum");
        if (start + length > whole.Length) throw new WireFormatException($"MH header length {length} runs past the packet");
        if (!Ipv6Packet.ChecksumHolds(whole.Slice(start, length), checksumSource, destination, NextHeader.MobilityHeader))
            throw new WireFormatException($"bad mobility header checksum (MH type {type})");
        return new Header(type, length);
    }

    public static MobilityOptions Options(ref PacketReader r, int end)
    {
        var options = new MobilityOptions();
        while (r.Position < end)
        {
            var type = r.U8("mobility option type");
            if (type == MobilityOptionType.Pad1) continue;
            var length = r.U8("mobility option length");
            if (r.Position + length > end) throw new WireFormatException($"mobility option {type} of {length} bytes runs past the header");
            var body = new PacketReader(r.Bytes(length, $"mobility option {type}"));
            switch (type)
            {
                case MobilityOptionType.PadN: break;
                case MobilityOptionType.MobileNodeIdentifier:
                    if (body.U8("MN-ID subtype") != 1) throw new WireFormatException("MN-ID option of a subtype other than NAI");
                    options.MnId = Nai(Encoding.ASCII.GetString(body.Bytes(length - 1, "MN-ID")));
                    options.MnIds.Add(options.MnId.Value);
                    break;
                case MobilityOptionType.HomeNetworkPrefix:
                    body.U8("HNP reserved");
                    var prefixLength = body.U8("HNP prefix length");
                    var prefix = Ipv6Address.Read(body.Bytes(16, "home network prefix"));
                    options.Prefixes.Add((prefix.Prefix, prefixLength));
                    break;
                case MobilityOptionType.MobileNetworkPrefix:
                    body.U8("MNP reserved");
                    if (body.U8("MNP prefix length") != 64) throw new WireFormatException("Mobile Network Prefix option of a length other than /64");
                    options.MobileNetworkPrefixes.Add(Ipv6Address.Read(body.Bytes(16, "mobile network prefix")).Prefix);
                    break;
                case MobilityOptionType.HandoffIndicator:
                    body.U8("HI reserved");
                    options.HandoffIndicator = (HandoffIndicator)body.U8("handoff indicator");
                    break;
                case MobilityOptionType.AccessTechnologyType:
                    body.U8("ATT reserved");
                    options.AccessTechnologyType = (AccessTechnologyType)body.U8("access technology type");
                    break;
                case MobilityOptionType.Timestamp:
                    options.Timestamp = body.U64("timestamp");
                    break;
                case MobilityOptionType.LoadInformation:
                    body.U16("load information priority");
                    var inUse = body.U32("sessions in use");
                    options.Load = (inUse, body.U32("maximum sessions"));
                    break;
                case MobilityOptionType.MagIpv6Address:
                    if (length != 18) throw new WireFormatException($"MAG IPv6 Address option of length {length}, not 18 (RFC 6705 §11.1)");
                    body.U8("MAG IPv6 address reserved");
                    if (body.U8("MAG IPv6 address length") != 128) throw new WireFormatException("MAG IPv6 Address option whose address length is not 128 (RFC 6705 §11.1)");
                    options.MagAddress = Ipv6Address.Read(body.Bytes(16, "MAG IPv6 address"));
                    break;
                case MobilityOptionType.RedirectCapability:
                    if (length != 2) throw new WireFormatException($"Redirect-Capability option of length {length}, not 2 (RFC 6463 §4.1)");
                    options.RedirectCapability = true;
                    break;
                case MobilityOptionType.Redirect:
                    // RFC 6463 §4.2: K and N cannot both be set or both clear; the emulator's LMAs speak IPv6.
                    if (length != 18 || body.U16("redirect flags") != MobilityHeaderWriter.RedirectK)
                        throw new WireFormatException($"Redirect option of length {length} without an IPv6 r2LMA address alone (RFC 6463 §4.2)");
                    options.Redirect = Ipv6Address.Read(body.Bytes(16, "r2LMA address"));
                    break;
                case MobilityOptionType.ContextRequest:
                    body.U16("context request reserved");
                    while (body.Remaining > 0)
                    {
                        options.ContextRequested.Add(body.U8("context request type"));
                        body.Bytes(body.U8("context request length"), "context requested option");
                    }
                    break;
                case MobilityOptionType.LocalMobilityAnchorAddress:
                    if (body.U8("LMA address option-code") != 1) throw new WireFormatException("LMA address option that is not IPv6");
                    body.U8("LMA address reserved");
                    options.LmaAddresses.Add(Ipv6Address.Read(body.Bytes(16, "LMA address")));
                    break;
                case MobilityOptionType.Ipv4HomeAddress:
                    Ipv4OptionLength(type, length);
                    if (body.U8("IPv4 home address prefix length") >> 2 != 32) throw new WireFormatException("IPv4 Home Address option for a prefix; the emulator's nodes ask for one address (RFC 5555 §3.1.1)");
                    body.U8("IPv4 home address reserved");
                    options.Ipv4HomeAddress = Ipv4Address.Read(body.Bytes(4, "IPv4 home address"));
                    break;
                case MobilityOptionType.Ipv4AddressAcknowledgement:
                    Ipv4OptionLength(type, length);
                    var v4Status = (Ipv4AddressStatus)body.U8("IPv4 address acknowledgement status");
                    body.U8("IPv4 address acknowledgement prefix length");
                    options.Ipv4AddressAcknowledgement = new Ipv4AddressAcknowledgement(v4Status, Ipv4Address.Read(body.Bytes(4, "IPv4 home address acknowledged")));
                    break;
                case MobilityOptionType.NatDetection:
                    Ipv4OptionLength(type, length);
                    body.U16("NAT detection flags");
                    options.NatRefreshTime = body.U32("NAT detection refresh time");
                    break;
                case MobilityOptionType.Ipv4CareOfAddress:
                    Ipv4OptionLength(type, length);
                    body.U16("IPv4 care-of address reserved");
                    options.Ipv4CareOf = Ipv4Address.Read(body.Bytes(4, "IPv4 care-of address"));
                    break;
                case MobilityOptionType.AnchoredPrefix:
                    if (length != 18) throw new WireFormatException($"Anchored Prefix option of length {length}, not 18 (RFC 8885 §4.3)");
                    body.U8("anchored prefix reserved");
                    if (body.U8("anchored prefix length") != 64) throw new WireFormatException("Anchored Prefix option of a length other than /64");
                    options.AnchoredPrefixes.Add(Ipv6Address.Read(body.Bytes(16, "anchored prefix")).Prefix);
                    break;
                case MobilityOptionType.PreviousMaar:
                    if (length != 34) throw new WireFormatException($"Previous MAAR option of length {length}, not 34 (RFC 8885 §4.5)");
                    body.U8("previous MAAR reserved");
                    if (body.U8("previous MAAR prefix length") != 64) throw new WireFormatException("Previous MAAR option of a prefix length other than /64");
                    var previous = Ipv6Address.Read(body.Bytes(16, "previous MAAR"));
                    options.PreviousMaars.Add((previous, Ipv6Address.Read(body.Bytes(16, "previous MAAR's home network prefix")).Prefix));
                    break;
                case MobilityOptionType.ServingMaar:
                    if (length != 16) throw new WireFormatException($"Serving MAAR option of length {length}, not 16 (RFC 8885 §4.6)");
                    options.ServingMaar = Ipv6Address.Read(body.Bytes(16, "serving MAAR"));
                    break;
                case MobilityOptionType.AlternateCareOfAddress:
                    options.AlternateCareOf = Ipv6Address.Read(body.Bytes(16, "alternate care-of address"));
                    break;
                case MobilityOptionType.LinkLayerAddress:
                    body.U8("link-layer address option-code");
                    options.LinkLayer = body.Bytes(length - 1, "link-layer address").ToArray();
                    break;
                case MobilityOptionType.Ipv6AddressPrefix:
                    var addressCode = body.U8("IPv6 address/prefix option-code");
                    body.U8("IPv6 address/prefix length");
                    options.Addresses.Add((addressCode, Ipv6Address.Read(body.Bytes(16, "IPv6 address/prefix"))));
                    break;
                case MobilityOptionType.NonceIndices:
                    options.NonceIndices = (body.U16("home nonce index"), body.U16("care-of nonce index"));
                    break;
                case MobilityOptionType.BindingAuthorizationData:
                    if (length != BindingAuthorizationData.Length) throw new WireFormatException($"Binding Authorization Data option of {length} bytes, not 12");
                    options.Authorizer = BindingAuthorizationData.Read(body.Bytes(length, "authenticator"));
                    break;
                case MobilityOptionType.MobilityMessageAuthentication:
                    if (length != 5 + Authenticator.Length || body.U8("authentication subtype") != MobilityOptionType.MnHaAuthenticationSubtype)
                        throw new WireFormatException($"mobility message authentication option of {length} bytes, not an MN-HA HMAC-SHA256 one");
                    var spi = body.U32("mobility SPI");
                    options.Authentication = new MessageAuthentication(spi, Authenticator.Read(body.Bytes(Authenticator.Length, "authenticator")));
                    break;
                case MobilityOptionType.Experimental:
                    options.Metadata.Bytes(body.Bytes(length, "experimental option"));
                    break;
                case MobilityOptionType.VendorSpecific:
                    // RFC 5094 §3: a vendor's option that is not ours is skipped, as an unknown option is.
                    if (length >= 5 && body.U32("vendor ID") == MobilityOptionType.DocumentationEnterpriseNumber
                        && body.U8("vendor specific sub-type") == MobilityOptionType.ProtocolStateSubtype)
                        options.ProtocolState.Bytes(body.Bytes(length - 5, "vendor specific data"));
                    break;
                default:
                    // RFC 6275 §6.2.1: an unrecognized option is skipped.
                    break;
            }
        }
        return options;
    }

    /// <summary>RFC 5555 §3.1.1–§3.2.2: each of its options is six octets long.</summary>
    static void Ipv4OptionLength(byte type, int length)
    {
        if (length != 6) throw new WireFormatException($"mobility option {type} of {length} bytes, not 6 (RFC 5555 §3)");
    }

    /// <summary>The node an emulated NAI names (MnIdentifier.Nai).</summary>
    public static MnIdentifier Nai(string nai)
    {
        const string suffix = "@dmm.example";
        if (nai.StartsWith("mn", StringComparison.Ordinal) && nai.EndsWith(suffix, StringComparison.Ordinal) &&
            int.TryParse(nai.AsSpan(2, nai.Length - 2 - suffix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            return new MnIdentifier(index);
        throw new WireFormatException($"MN-ID '{nai}' is not an emulated node's NAI (mnN@dmm.example)");
    }
}
