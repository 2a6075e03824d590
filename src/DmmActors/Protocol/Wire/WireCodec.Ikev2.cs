using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// IKEv2 (RFC 7296 §3) as MOBIKE (RFC 4555) runs it, and ESP (RFC 4303) for the tunnel it keys:
/// IKE_SA_INIT in clear over UDP 500, IKE_AUTH and INFORMATIONAL over UDP 4500 behind the
/// non-ESP marker (RFC 4555 §3.3, RFC 7296 §2.23) inside the encrypted payload, AES-GCM with a
/// 16-octet ICV (RFC 5282), as ESP's packets are (RFC 4106). The keys are not negotiated: each
/// derives from the SPIs that name its SA (<see cref="IkeKey"/>, <see cref="EspKey"/>), so a
/// capture can be read with them (the tshark test gives Wireshark the tables).
/// </summary>
public sealed partial class WireCodec
{
    const ushort IkePort = 500, IkeNatTraversalPort = 4500;
    const byte ExchangeIkeSaInit = 34, ExchangeIkeAuth = 35, ExchangeInformational = 37;
    /// <summary>RFC 7296 §3.1: the I (original initiator) and R (response) flags; version 2.0.</summary>
    const byte IkeFlagInitiator = 0x08, IkeFlagResponse = 0x20, IkeVersion = 0x20;
    const byte PayloadNone = 0, PayloadSa = 33, PayloadKe = 34, PayloadIdi = 35, PayloadIdr = 36, PayloadAuth = 39, PayloadNonce = 40,
        PayloadNotify = 41, PayloadVendorId = 43, PayloadTsi = 44, PayloadTsr = 45, PayloadSk = 46, PayloadCp = 47;
    /// <summary>RFC 7296 §3.10.1 (NAT detection), RFC 4555 §4 (MOBIKE's status notifications).</summary>
    const ushort NotifyNatSource = 16388, NotifyNatDestination = 16389, NotifyMobikeSupported = 16396, NotifyUpdateSaAddresses = 16400, NotifyCookie2 = 16401;
    /// <summary>RFC 7296 §3.3.2: ENCR_AES_GCM_16 (RFC 5282), PRF_HMAC_SHA2_256, the 256-bit ECP group, no ESN; §3.3.5 the Key Length attribute.</summary>
    const ushort EncrAesGcm16 = 20, PrfHmacSha256 = 5, Group19 = 19, KeyLength128 = 128;
    const byte TransformEncr = 1, TransformPrf = 2, TransformDh = 4, TransformEsn = 5, ProtocolIke = 1, ProtocolEsp = 3;
    const byte IdIpv6Address = 5, IdRfc822Address = 3, AuthSharedKeyMic = 2, TsIpv6Range = 8, CfgRequest = 1, CfgReply = 2;
    const ushort InternalIp6Address = 8;
    const int GcmIv = 8, GcmIcv = 16;
    /// <summary>RFC 4303 §2 with RFC 4106: ESP's SPI, sequence number and IV before the data, pad length and next header and the ICV after.</summary>
    public const int EspOverhead = 4 + 4 + GcmIv + 2 + GcmIcv;

    /// <summary>SK_ei or SK_er (RFC 7296 §2.14): the AES-128 key and the 4-octet salt (RFC 5282 §7.1), of the IKE SA <paramref name="spis"/>.</summary>
    public static byte[] IkeKey(IkeSpis spis, bool initiator) => Derived(spis, initiator ? "SK_ei" : "SK_er", 20);

    /// <summary>An ESP SA's AES-128 key and salt (RFC 4106 §8.1), of the SA <paramref name="spi"/> names.</summary>
    public static byte[] EspKey(uint spi)
    {
        Span<byte> seed = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(seed, spi);
        "ESP"u8.CopyTo(seed[4..]);
        return SHA256.HashData(seed)[..20];
    }

    /// <summary>AES-GCM-16 (RFC 5282 §4, RFC 4106 §3): the 12-octet nonce is the salt and the 8-octet IV.</summary>
    static void Seal(byte[] key, ulong iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> sealedOut)
    {
        Span<byte> nonce = stackalloc byte[12];
        key.AsSpan(16, 4).CopyTo(nonce);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], iv);
        using var gcm = new AesGcm(key.AsSpan(0, 16), GcmIcv);
        gcm.Encrypt(nonce, plaintext, sealedOut[..plaintext.Length], sealedOut.Slice(plaintext.Length, GcmIcv), aad);
    }

    static byte[] Open(byte[] key, ulong iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> sealedIn, string what)
    {
        if (sealedIn.Length < GcmIcv) throw new WireFormatException($"{what} shorter than its ICV");
        Span<byte> nonce = stackalloc byte[12];
        key.AsSpan(16, 4).CopyTo(nonce);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], iv);
        var plaintext = new byte[sealedIn.Length - GcmIcv];
        using var gcm = new AesGcm(key.AsSpan(0, 16), GcmIcv);
        try { gcm.Decrypt(nonce, sealedIn[..plaintext.Length], sealedIn[plaintext.Length..], plaintext, aad); }
        catch (AuthenticationTagMismatchException) { throw new WireFormatException($"{what} whose ICV its SA's key does not give"); }
        return plaintext;
    }

    // ---- encoding ----

    Ipv6Address NodeEnd(MnIdentifier mn, int careOf) => CareOfOf(mn, careOf);

    void IkeSaInit(PacketWriter w, IkeSaInit m)
    {
        var (node, gateway) = (NodeEnd(m.MnId, m.CareOf), NodeAddresses.Anchor(m.Gateway));
        var (source, destination) = m.Response ? (gateway, node) : (node, gateway);
        var payloads = new List<(byte, byte[])>
        {
            (PayloadSa, IkeProposal()), (PayloadKe, KeyExchange(m.Spis, m.Response)), (PayloadNonce, Derived(m.Spis, m.Response ? "Nr" : "Ni", 32)),
            // RFC 7296 §2.23: SHA-1 of the SPIs, then the address and port, each end's as it sends.
            (PayloadNotify, Notify(NotifyNatSource, NatHash(m.Spis, source, IkePort))), (PayloadNotify, Notify(NotifyNatDestination, NatHash(m.Spis, destination, IkePort))),
            (PayloadVendorId, Metadata(EmulatorMetadata.Begin(m))),
        };
        Ike(w, source, destination, IkePort, m.Spis, ExchangeIkeSaInit, (byte)(m.Response ? IkeFlagResponse : IkeFlagInitiator), 0, payloads, encrypted: false, m.Response);
    }

    void IkeAuth(PacketWriter w, IkeAuth m)
    {
        var (node, gateway) = (NodeEnd(m.MnId, m.CareOf), NodeAddresses.Anchor(m.Gateway));
        var (source, destination) = m.Response ? (gateway, node) : (node, gateway);
        var payloads = new List<(byte, byte[])>
        {
            m.Response ? (PayloadIdr, Identity(IdIpv6Address, gateway.ToBytes())) : (PayloadIdi, Identity(IdRfc822Address, Encoding.ASCII.GetBytes(m.MnId.Nai))),
            (PayloadAuth, [AuthSharedKeyMic, 0, 0, 0, .. Derived(m.Spis, m.Response ? "AUTHr" : "AUTHi", 32)]),
            // RFC 7296 §2.19: the CP payload before the SA payload; the request asks for an address, the reply gives one.
            (PayloadCp, m.Response ? ConfigurationReply(NodeAddresses.OnPrefix(m.InnerPrefix, m.MnId)) : [CfgRequest, 0, 0, 0, 0, (byte)InternalIp6Address, 0, 0]),
            (PayloadSa, EspProposal(m.EspSpi)), (PayloadTsi, AnyTrafficSelector()), (PayloadTsr, AnyTrafficSelector()),
            (PayloadNotify, Notify(NotifyMobikeSupported, [])),
            (PayloadVendorId, Metadata(EmulatorMetadata.Begin(m))),
        };
        Ike(w, source, destination, IkeNatTraversalPort, m.Spis, ExchangeIkeAuth, (byte)(m.Response ? IkeFlagResponse : IkeFlagInitiator), 1, payloads, encrypted: true,
            fromResponder: m.Response);
    }

    void IkeInformational(PacketWriter w, IkeInformational m)
    {
        var (node, gateway) = (NodeEnd(m.MnId, m.CareOf), NodeAddresses.Anchor(m.Gateway));
        var (source, destination) = m.FromInitiator ? (node, gateway) : (gateway, node);
        var payloads = new List<(byte, byte[])>();
        if (m.UpdateSaAddresses) payloads.Add((PayloadNotify, Notify(NotifyUpdateSaAddresses, [])));
        if (m.Cookie2 != 0)
        {
            var cookie = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(cookie, m.Cookie2);
            payloads.Add((PayloadNotify, Notify(NotifyCookie2, cookie)));
        }
        payloads.Add((PayloadVendorId, Metadata(EmulatorMetadata.Begin(m))));
        var flags = (byte)((m.FromInitiator ? IkeFlagInitiator : 0) | (m.Response ? IkeFlagResponse : 0));
        Ike(w, source, destination, IkeNatTraversalPort, m.Spis, ExchangeInformational, flags, m.MessageId, payloads, encrypted: true, fromResponder: !m.FromInitiator);
    }

    /// <summary>The emulator's fields in a Vendor ID payload (RFC 7296 §3.12), its ID the documentation enterprise number's.</summary>
    static byte[] Metadata(PacketWriter blob)
    {
        var data = new byte[4 + blob.Length];
        BinaryPrimitives.WriteUInt32BigEndian(data, MobilityOptionType.DocumentationEnterpriseNumber);
        blob.Written.CopyTo(data.AsSpan(4));
        return data;
    }

    static byte[] Derived(IkeSpis spis, string label, int length)
    {
        var seed = new byte[16 + label.Length];
        BinaryPrimitives.WriteUInt64BigEndian(seed, spis.Initiator);
        BinaryPrimitives.WriteUInt64BigEndian(seed.AsSpan(8), spis.Responder);
        Encoding.ASCII.GetBytes(label).CopyTo(seed, 16);
        var output = new byte[length];
        for (int at = 0, round = 0; at < length; at += 32, round++)
        {
            seed[^1] ^= (byte)round;
            SHA256.HashData(seed).AsSpan(0, Math.Min(32, length - at)).CopyTo(output.AsSpan(at));
        }
        return output;
    }

    /// <summary>RFC 7296 §3.4: group 19's public value, X and Y (RFC 5903 §7), 64 octets; the emulator derives it rather than compute a key exchange.</summary>
    static byte[] KeyExchange(IkeSpis spis, bool responder) => [0, (byte)Group19, 0, 0, .. Derived(new IkeSpis(spis.Initiator, 0), responder ? "KEr" : "KEi", 64)];

    static byte[] NatHash(IkeSpis spis, Ipv6Address address, ushort port)
    {
        var data = new byte[8 + 8 + 16 + 2];
        BinaryPrimitives.WriteUInt64BigEndian(data, spis.Initiator);
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(8), spis.Responder);
        address.ToBytes().CopyTo(data, 16);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(32), port);
        return SHA1.HashData(data);
    }

    static byte[] Notify(ushort type, byte[] data) => [0, 0, (byte)(type >> 8), (byte)type, .. data];

    static byte[] Identity(byte type, byte[] data) => [type, 0, 0, 0, .. data];

    static byte[] Transform(bool last, byte type, ushort id, bool keyLength) =>
        keyLength ? [last ? (byte)0 : (byte)3, 0, 0, 12, type, 0, (byte)(id >> 8), (byte)id, 0x80, 0x0E, 0, (byte)KeyLength128]
                  : [last ? (byte)0 : (byte)3, 0, 0, 8, type, 0, (byte)(id >> 8), (byte)id];

    /// <summary>RFC 7296 §3.3: one proposal for the IKE SA, AES-GCM-16 with a 128-bit key, PRF_HMAC_SHA2_256, group 19.</summary>
    static byte[] IkeProposal() =>
    [
        0, 0, 0, 36, 1, ProtocolIke, 0, 3,
        .. Transform(false, TransformEncr, EncrAesGcm16, true), .. Transform(false, TransformPrf, PrfHmacSha256, false), .. Transform(true, TransformDh, Group19, false),
    ];

    /// <summary>RFC 7296 §3.3: the child SA's proposal for ESP with its 4-octet SPI, AES-GCM-16 and no extended sequence numbers.</summary>
    static byte[] EspProposal(uint spi) =>
    [
        0, 0, 0, 32, 1, ProtocolEsp, 4, 2, (byte)(spi >> 24), (byte)(spi >> 16), (byte)(spi >> 8), (byte)spi,
        .. Transform(false, TransformEncr, EncrAesGcm16, true), .. Transform(true, TransformEsn, 0, false),
    ];

    /// <summary>RFC 7296 §3.13.1: any port, any address.</summary>
    static byte[] AnyTrafficSelector()
    {
        var ts = new byte[4 + 40];
        ts[0] = 1;
        ts[4] = TsIpv6Range; ts[6] = 0; ts[7] = 40;
        ts[10] = 0xFF; ts[11] = 0xFF;
        ts.AsSpan(28, 16).Fill(0xFF);
        return ts;
    }

    /// <summary>RFC 7296 §3.15.1: CFG_REPLY with INTERNAL_IP6_ADDRESS, the address and its prefix length.</summary>
    static byte[] ConfigurationReply(Ipv6Address inner) => [CfgReply, 0, 0, 0, 0, (byte)InternalIp6Address, 0, 17, .. inner.ToBytes(), 64];

    /// <summary>
    /// An IKE message in UDP from <paramref name="source"/> to <paramref name="destination"/>: its header, its payloads in clear or,
    /// <paramref name="encrypted"/>, in the encrypted payload sealed with the sender's SK_e (RFC 5282 §5: the AAD the header and SK's own).
    /// </summary>
    void Ike(PacketWriter w, Ipv6Address source, Ipv6Address destination, ushort port, IkeSpis spis, byte exchange, byte flags, uint messageId,
        List<(byte Type, byte[] Body)> payloads, bool encrypted, bool fromResponder)
    {
        var chained = new PacketWriter();
        for (int i = 0; i < payloads.Count; i++)
        {
            chained.U8(i + 1 < payloads.Count ? payloads[i + 1].Type : PayloadNone); chained.U8(0); chained.U16(4 + payloads[i].Body.Length);
            chained.Bytes(payloads[i].Body);
        }
        var inner = chained.Written;
        var length = 28 + (encrypted ? 4 + GcmIv + inner.Length + 1 + GcmIcv : inner.Length);
        var message = new byte[length];
        BinaryPrimitives.WriteUInt64BigEndian(message, spis.Initiator);
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(8), spis.Responder);
        message[16] = encrypted ? PayloadSk : payloads[0].Type;
        message[17] = IkeVersion; message[18] = exchange; message[19] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(20), messageId);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(24), (uint)length);
        if (!encrypted) inner.CopyTo(message.AsSpan(28));
        else
        {
            message[28] = payloads[0].Type;
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(30), (ushort)(length - 28));
            // The IV, unique under the sender's key: the message ID, and whether it answers.
            var iv = (ulong)messageId << 1 | (ulong)((flags & IkeFlagResponse) >> 5);
            BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(32), iv);
            var plaintext = new byte[inner.Length + 1];
            inner.CopyTo(plaintext);
            Seal(IkeKey(spis, initiator: !fromResponder), iv, message.AsSpan(0, 32), plaintext, message.AsSpan(40));
        }
        var ip = Ipv6Packet.Open(w, source, destination, NextHeader.Udp, HopLimit);
        var udp = w.Length;
        var marker = port == IkeNatTraversalPort ? 4 : 0;
        w.U16(port); w.U16(port); w.U16(8 + marker + length); w.U16(0);
        if (marker > 0) w.U32(0);
        w.Bytes(message);
        w.PatchU16(udp + 6, Ipv6Packet.Checksum(w.Slice(udp, w.Length - udp), source, destination, NextHeader.Udp));
        Ipv6Packet.Close(w, ip);
    }

    // ---- decoding ----

    static bool IsIke(ReadOnlySpan<byte> packet, int udp) =>
        packet.Length >= udp + 4 && (packet[udp] << 8 | packet[udp + 1]) is IkePort or IkeNatTraversalPort;

    IDmmMessage DecodeIke(ref PacketReader r, ReadOnlySpan<byte> packet, Ipv6Header ip)
    {
        var start = r.Position;
        if (!Ipv6Packet.ChecksumHolds(packet[start..ip.End], ip.Source, ip.Destination, NextHeader.Udp)) throw new WireFormatException("bad UDP checksum (IKE)");
        var port = r.U16("UDP source port");
        r.U16("UDP destination port"); r.U16("UDP length"); r.U16("UDP checksum");
        if (port == IkeNatTraversalPort && r.U32("non-ESP marker") != 0) throw new WireFormatException("UDP 4500 datagram that is not IKE: no non-ESP marker (RFC 7296 §2.23)");
        var messageStart = r.Position;
        var message = packet[messageStart..ip.End];
        var spis = new IkeSpis(r.U64("IKE initiator SPI"), r.U64("IKE responder SPI"));
        var next = r.U8("IKE next payload");
        if (r.U8("IKE version") != IkeVersion) throw new WireFormatException("IKE message of a version other than 2.0");
        var exchange = r.U8("IKE exchange type");
        var flags = r.U8("IKE flags");
        var messageId = r.U32("IKE message ID");
        if (r.U32("IKE length") != message.Length) throw new WireFormatException("IKE length that is not the datagram's");
        byte[] body;
        if (next == PayloadSk)
        {
            var skStart = r.Position - messageStart;
            var first = r.U8("SK next payload");
            r.U8("SK flags");
            var skLength = r.U16("SK length");
            if (skStart + skLength != message.Length) throw new WireFormatException("encrypted payload that does not end the IKE message");
            var iv = r.U64("SK IV");
            var fromInitiator = (flags & IkeFlagInitiator) != 0;
            var plaintext = Open(IkeKey(spis, fromInitiator), iv, message[..(skStart + 4)], message[(skStart + 4 + GcmIv)..], "encrypted payload");
            var padLength = plaintext[^1];
            body = [first, .. plaintext.AsSpan(0, plaintext.Length - 1 - padLength)];
        }
        else body = [next, .. message[28..]];
        var payloads = IkePayloads(body);
        var meta = MetadataPayload(payloads);
        var common = EmulatorMetadata.Read(ref meta);
        var response = (flags & IkeFlagResponse) != 0;
        var fromNode = (flags & IkeFlagInitiator) != 0;
        var (nodeAddress, gatewayAddress) = fromNode ? (ip.Source, ip.Destination) : (ip.Destination, ip.Source);
        if (!NodeAddresses.TryMobileNode(nodeAddress, out var mn)) throw new WireFormatException($"IKE message between {ip.Source} and {ip.Destination}: no mobile node's address");
        var gateway = Infrastructure(gatewayAddress, NodeKind.Anchor, "VPN gateway");
        var careOf = NodeAddresses.CareOfNumber(nodeAddress, AccessRouters);
        switch (exchange)
        {
            case ExchangeIkeSaInit:
                if (!payloads.Any(p => p.Type == PayloadKe) || !payloads.Any(p => p.Type == PayloadNonce)) throw new WireFormatException("IKE_SA_INIT without KE and nonce");
                return new IkeSaInit(common.Procedure, common.SentAt, mn, gateway, careOf, spis, response);
            case ExchangeIkeAuth:
            {
                var cp = payloads.Find(p => p.Type == PayloadCp).Body ?? throw new WireFormatException("IKE_AUTH without a configuration payload (RFC 7296 §2.19)");
                var sa = payloads.Find(p => p.Type == PayloadSa).Body ?? throw new WireFormatException("IKE_AUTH without the child SA");
                if (!Notifies(payloads).Contains(NotifyMobikeSupported)) throw new WireFormatException("IKE_AUTH without MOBIKE_SUPPORTED (RFC 4555 §3.2)");
                var inner = response ? (cp.Length >= 8 + 17 && cp[0] == CfgReply ? Ipv6Address.Read(cp.AsSpan(8, 16)).Prefix : throw new WireFormatException("IKE_AUTH response without CFG_REPLY's address"))
                    : Prefix64.None;
                return new IkeAuth(common.Procedure, common.SentAt, mn, gateway, careOf, spis, response, inner, BinaryPrimitives.ReadUInt32BigEndian(sa.AsSpan(8)));
            }
            case ExchangeInformational:
            {
                var notifies = Notifies(payloads);
                var cookie = payloads.Where(p => p.Type == PayloadNotify && (p.Body[2] << 8 | p.Body[3]) == NotifyCookie2).Select(p => p.Body).FirstOrDefault();
                if (cookie is not null && cookie.Length != 4 + 8) throw new WireFormatException("COOKIE2 of other than 8 octets (the emulator's)");
                return new IkeInformational(common.Procedure, common.SentAt, mn, gateway, careOf, spis, messageId, fromNode, response)
                {
                    UpdateSaAddresses = notifies.Contains(NotifyUpdateSaAddresses),
                    Cookie2 = cookie is null ? 0 : BinaryPrimitives.ReadUInt64BigEndian(cookie.AsSpan(4)),
                };
            }
            default:
                throw new WireFormatException($"IKE exchange {exchange}: the emulator runs IKE_SA_INIT, IKE_AUTH and INFORMATIONAL");
        }
    }

    /// <summary>The payloads of a chain whose first type is the first byte of <paramref name="chain"/>, each with its body.</summary>
    static List<(byte Type, byte[] Body)> IkePayloads(ReadOnlySpan<byte> chain)
    {
        var payloads = new List<(byte, byte[])>();
        var type = chain[0];
        var at = 1;
        while (type != PayloadNone)
        {
            if (at + 4 > chain.Length) throw new WireFormatException($"IKE payload {type} truncated");
            var length = chain[at + 2] << 8 | chain[at + 3];
            if (length < 4 || at + length > chain.Length) throw new WireFormatException($"IKE payload {type} of {length} octets runs past its message");
            payloads.Add((type, chain.Slice(at + 4, length - 4).ToArray()));
            type = chain[at];
            at += length;
        }
        return payloads;
    }

    static HashSet<ushort> Notifies(List<(byte Type, byte[] Body)> payloads) =>
        payloads.Where(p => p.Type == PayloadNotify && p.Body.Length >= 4).Select(p => (ushort)(p.Body[2] << 8 | p.Body[3])).ToHashSet();

    static PacketReader MetadataPayload(List<(byte Type, byte[] Body)> payloads)
    {
        var vendor = payloads.Find(p => p.Type == PayloadVendorId && p.Body.Length > 4
            && BinaryPrimitives.ReadUInt32BigEndian(p.Body) == MobilityOptionType.DocumentationEnterpriseNumber).Body
            ?? throw new WireFormatException("IKE message without the emulator's Vendor ID payload");
        return new PacketReader(vendor.AsSpan(4).ToArray());
    }

    // ---- ESP (RFC 4303, RFC 4106) ----

    /// <summary>
    /// A datagram in ESP tunnel mode from <paramref name="source"/> to <paramref name="destination"/>: the SPI, a sequence
    /// number, the IV (never the same twice under one key, RFC 4106 §3.1), then sealed the datagram, the padding to a
    /// 4-octet boundary (RFC 4303 §2.4), pad length and next header.
    /// </summary>
    static void Esp(PacketWriter w, Ipv6Address source, Ipv6Address destination, uint spi, uint sequence, ulong iv, ReadOnlySpan<byte> datagram, byte innerHeader)
    {
        var pad = (4 - (datagram.Length + 2) % 4) % 4;
        var plaintext = new byte[datagram.Length + pad + 2];
        datagram.CopyTo(plaintext);
        for (int i = 0; i < pad; i++) plaintext[datagram.Length + i] = (byte)(i + 1);
        plaintext[^2] = (byte)pad; plaintext[^1] = innerHeader;
        var esp = new byte[8 + GcmIv + plaintext.Length + GcmIcv];
        BinaryPrimitives.WriteUInt32BigEndian(esp, spi);
        BinaryPrimitives.WriteUInt32BigEndian(esp.AsSpan(4), sequence);
        BinaryPrimitives.WriteUInt64BigEndian(esp.AsSpan(8), iv);
        Seal(EspKey(spi), iv, esp.AsSpan(0, 8), plaintext, esp.AsSpan(8 + GcmIv));
        var ip = Ipv6Packet.Open(w, source, destination, NextHeader.Esp, HopLimit);
        w.Bytes(esp);
        Ipv6Packet.Close(w, ip);
    }

    /// <summary>The datagram an ESP packet carries, opened with its SA's key.</summary>
    static (byte[] Datagram, byte InnerHeader) OpenEsp(ReadOnlySpan<byte> esp)
    {
        if (esp.Length < 8 + GcmIv + 2 + GcmIcv) throw new WireFormatException("ESP packet shorter than its header and ICV");
        var spi = BinaryPrimitives.ReadUInt32BigEndian(esp);
        var iv = BinaryPrimitives.ReadUInt64BigEndian(esp[8..]);
        var plaintext = Open(EspKey(spi), iv, esp[..8], esp[(8 + GcmIv)..], "ESP packet");
        var pad = plaintext[^2];
        if (pad + 2 > plaintext.Length) throw new WireFormatException("ESP pad length past its data");
        return (plaintext[..^(pad + 2)], plaintext[^1]);
    }
}
