using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// What a message carries for the emulator besides its RFC fields: the procedure it belongs to,
/// its model send time and the fields the RFC formats lack (session counts, multicast groups,
/// contexts, the router a node came from). In a mobility header the send time, which only the
/// measurements read, rides in the Experimental option (RFC 5096), and the rest, which nodes act
/// on, in the Vendor Specific option the authentication covers (MobilityHeaderWriter.Metadata).
/// ND and MLD messages carry it whole in the RFC 3692-style ND option 253 and hop-by-hop option
/// 0x1E (RFC 4727). Being longer than one option holds, it is cut into consecutive options.
/// </summary>
public static class EmulatorMetadata
{
    /// <summary>
    /// 2: a PBU's and PBA's timestamp left the blob for the Timestamp option, and a mobility header splits it (issue 24).
    /// 3: a context's prefix and anchor are read from its Home Network Prefix and LMA Address options, a CTD's timestamp from its Timestamp option.
    /// 4: an HI's kept prefixes are read from its Home Network Prefix options, only their session counts from the blob.
    /// </summary>
    const byte Version = 4;
    public const int MaxChunk = 255;

    /// <summary>Where the send time lies in a blob (after the version and the procedure), the one part that nodes never act on.</summary>
    public const int SendTimeAt = 1 + 4 + 4 + 1, SendTimeLength = 8;

    /// <summary>One blob per thread, reused: a message's metadata is written whole into its packet before the next is begun.</summary>
    [ThreadStatic] static PacketWriter? blob;

    /// <summary>Starts a metadata blob for <paramref name="signal"/>; the caller appends the message's own extras.</summary>
    public static PacketWriter Begin(ISignal signal)
    {
        var w = blob ??= new PacketWriter();
        w.Reset();
        w.U8(Version);
        w.I32(signal.Procedure.MobileNode.Index);
        w.I32(signal.Procedure.Number);
        w.U8((byte)signal.Procedure.Kind);
        w.I64(signal.SentAt.Microseconds);
        return w;
    }

    public readonly record struct Common(ProcedureRef Procedure, ModelTime SentAt);

    public static Common Read(ref PacketReader r)
    {
        var version = r.U8("metadata version");
        if (version != Version) throw new WireFormatException($"emulator metadata of version {version}; this build reads version {Version}");
        var mn = r.I32("metadata procedure node");
        var number = r.I32("metadata procedure number");
        var kind = r.U8("metadata procedure kind");
        if (!Enum.IsDefined((ProcedureKind)kind)) throw new WireFormatException($"unknown procedure kind {kind} in emulator metadata");
        if (mn < 0) throw new WireFormatException($"negative node index {mn} in emulator metadata");
        return new Common(new ProcedureRef(new MnIdentifier(mn), number, (ProcedureKind)kind), new ModelTime(r.I64("metadata send time")));
    }

    /// <summary>How many sessions each kept prefix carries, in the order the message's own options list the prefixes.</summary>
    public static void SessionCounts(PacketWriter w, IReadOnlyList<PrefixInUse> kept) => Ints(w, kept.Select(k => k.Sessions).ToArray());

    /// <summary>The kept prefixes a message's options listed, with the session counts its blob gives them; <paramref name="what"/> names the message in the refusal of a count that does not match.</summary>
    public static IReadOnlyList<PrefixInUse> SessionCounts(ref PacketReader r, IReadOnlyList<Prefix64> prefixes, string what)
    {
        var sessions = Ints(ref r);
        if (sessions.Count != prefixes.Count)
            throw new WireFormatException($"{what} with {prefixes.Count} prefixes and session counts for {sessions.Count}");
        return prefixes.Select((p, i) => new PrefixInUse(p, sessions[i])).ToArray();
    }

    public static void Ints(PacketWriter w, IReadOnlyList<int> values)
    {
        w.U16(values.Count);
        foreach (var v in values) w.I32(v);
    }

    public static IReadOnlyList<int> Ints(ref PacketReader r)
    {
        var list = new int[r.U16("metadata list count")];
        for (int i = 0; i < list.Length; i++) list[i] = r.I32("metadata list item");
        return list;
    }

    /// <summary>
    /// What of a context no option carries: its prefix and anchor travel in the Home Network
    /// Prefix and LMA Address options (RFC 5949 §6.2), and its timestamp in the Timestamp option
    /// where the message has one for it (<paramref name="timestampInOption"/>).
    /// </summary>
    public static void Context(PacketWriter w, MobilityContext c, bool timestampInOption)
    {
        w.U16(c.SequenceNumber);
        if (!timestampInOption) w.I64(c.Timestamp.Microseconds);
        w.I64(c.Lifetime.Microseconds); w.I64(c.RegisteredAt.Microseconds); w.I32(c.Sessions);
    }

    /// <summary>A context from its options' prefix, anchor and (where given) timestamp, and the rest from the blob.</summary>
    public static MobilityContext Context(ref PacketReader r, Prefix64 prefix, int anchor, ModelTime? timestamp)
    {
        var sequence = r.U16("context sequence number");
        var at = timestamp ?? new ModelTime(r.I64("context timestamp"));
        return new(prefix, anchor, sequence, at, new ModelTime(r.I64("context lifetime")), new ModelTime(r.I64("context registered at")),
            r.I32("context sessions"));
    }
}
