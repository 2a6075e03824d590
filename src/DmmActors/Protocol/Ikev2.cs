using DmmActors.Addressing;

namespace DmmActors.Protocol;

// IKEv2 (RFC 7296) as a node and its VPN gateway run it for IKEv2 mobility (MOBIKE, RFC 4555):
// the IKE SA set up with IKE_SA_INIT and IKE_AUTH, then INFORMATIONAL exchanges that move it and
// check the node's new address. The node is the initiator; its care-of address is named, as
// bindings name it, by the access router whose prefix it is on.

/// <summary>The IKE SA's two SPIs (RFC 7296 §3.1): the initiator's, and the responder's (zero in the first request).</summary>
public readonly record struct IkeSpis(ulong Initiator, ulong Responder);

/// <summary>
/// IKE_SA_INIT (RFC 7296 §1.2, exchange 34, message ID 0): the node's SA, KE and nonce, with the
/// NAT detection notifications, and the gateway's answer, which names the responder's SPI.
/// </summary>
public sealed record IkeSaInit(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, int Gateway, int CareOf, IkeSpis Spis, bool Response) : Signal
{
    public override SignalType Type => SignalType.IkeSaInit;
}

/// <summary>
/// IKE_AUTH (RFC 7296 §1.2, exchange 35, message ID 1), inside the encrypted payload: identities,
/// AUTH, the child SA for ESP with its SPI, the traffic selectors, MOBIKE_SUPPORTED (RFC 4555
/// §3.2), and the configuration payload: the node asks for an inner address (CFG_REQUEST), the
/// gateway gives one on <see cref="InnerPrefix"/> (CFG_REPLY, INTERNAL_IP6_ADDRESS, RFC 7296 §3.15).
/// </summary>
public sealed record IkeAuth(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, int Gateway, int CareOf, IkeSpis Spis, bool Response,
    Prefix64 InnerPrefix, uint EspSpi) : Signal
{
    public override SignalType Type => SignalType.IkeAuth;
}

/// <summary>
/// INFORMATIONAL (RFC 7296 §1.4, exchange 37), inside the encrypted payload: with
/// UPDATE_SA_ADDRESSES the node moves the IKE SA to the address it sends from (RFC 4555 §3.5);
/// with COOKIE2 its sender checks the return routability of the address it sends to, the answer
/// copying the cookie (§3.7); empty, a liveness check (RFC 7296 §1.4).
/// <see cref="FromInitiator"/> says which end sent it (the I flag), <see cref="Response"/> whether it answers one (the R flag).
/// </summary>
public sealed record IkeInformational(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, int Gateway, int CareOf, IkeSpis Spis,
    uint MessageId, bool FromInitiator, bool Response) : Signal
{
    public override SignalType Type => SignalType.IkeInformational;

    public bool UpdateSaAddresses { get; init; }

    /// <summary>The COOKIE2 notification's 8 octets (RFC 4555 §3.7), 0 where it carries none.</summary>
    public ulong Cookie2 { get; init; }
}

/// <summary>
/// The SPIs of a node's ESP SAs with its VPN gateway (RFC 4303 §2.1): each end picks the one it
/// receives on, the node in its IKE_AUTH request, the gateway in its answer; the emulator numbers
/// them by node, above the reserved range.
/// </summary>
public static class EspSpis
{
    public static uint TowardNode(MnIdentifier mn) => 0x4000_0000u + (uint)mn.Index * 2 + 1;

    public static uint TowardGateway(MnIdentifier mn) => 0x4000_0000u + (uint)mn.Index * 2;
}
