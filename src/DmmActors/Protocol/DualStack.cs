using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>
/// How a BU from an IPv4 care-of address travels, and its BA back (RFC 5555 §4.1): in UDP over
/// IPv4, to and from the home agent's port 4191. <see cref="CareOf"/> is the address the node
/// has, which its IPv4 Care-of Address option carries; <see cref="Outer"/> and <see cref="Port"/>
/// are the outer header's source address and UDP port as they reach the home agent, a NAT's
/// where one is on the path, and where the BA goes back to.
/// </summary>
public readonly record struct Ipv4Transport(Ipv4Address CareOf, Ipv4Address Outer, ushort Port);

/// <summary>RFC 5555 §3.2.1: the IPv4 Address Acknowledgement option's Status (IANA "DSMIPv6 IPv4 Home Address Option Status Codes"); below 128 is success.</summary>
public enum Ipv4AddressStatus : byte
{
    Success = 0,
    FailureReasonUnspecified = 128,
    AdministrativelyProhibited = 129,
    IncorrectIpv4HomeAddress = 130,
    InvalidIpv4Address = 131,
    DynamicIpv4HomeAddressAssignmentNotAvailable = 132,
}

/// <summary>RFC 5555 §3.2.1: the home agent's answer to an IPv4 Home Address option, the address it binds on success.</summary>
public readonly record struct Ipv4AddressAcknowledgement(Ipv4AddressStatus Status, Ipv4Address HomeAddress)
{
    public bool Accepted => (byte)Status < 128;
}

/// <summary>
/// A tunnel's header on the leg a data packet is on: IPv6 in IPv6 (RFC 2473 §3), or towards an
/// IPv4 care-of address (RFC 5555 §4.1, §4.4), an IPv4 header, and with a NAT on the path also UDP.
/// </summary>
public enum Encapsulation : byte
{
    Ipv6,
    Ipv4,
    Ipv4Udp,
    /// <summary>ESP in tunnel mode over IPv6 (RFC 4303, AES-GCM-16, RFC 4106): MOBIKE's IPsec tunnel.</summary>
    Esp,
    /// <summary>A G-PDU over UDP 2152 in IPv6 (TS 29.281 §5, §6.1): the EPS user plane's tunnels, S1-U and S5/S8-U.</summary>
    GtpU,
}

public static class EncapsulationLength
{
    /// <summary>The bytes the outer headers add: 40 for IPv6 (RFC 8200 §3), 20 for IPv4 (RFC 791), 8 more for UDP (RFC 768), ESP's (RFC 4303) beside IPv6's.</summary>
    public static int Of(Encapsulation e) => e switch
    {
        Encapsulation.Ipv4 => 20,
        Encapsulation.Ipv4Udp => 28,
        // The outer IPv6 header and ESP's 34 octets, and 2 of padding: the emulator's datagrams are 4n octets (RFC 4303 §2.4).
        Encapsulation.Esp => 40 + Wire.WireCodec.EspOverhead + 2,
        // The outer IPv6 header, UDP's 8 octets and the GTP-U header's 8 (TS 29.281 §5.1, no optional fields).
        Encapsulation.GtpU => 40 + 8 + 8,
        _ => 40,
    };
}
