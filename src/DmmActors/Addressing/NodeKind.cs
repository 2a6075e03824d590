namespace DmmActors.Addressing;

/// <summary>
/// A kind of emulated node, as data: its name, and the subnet of the infrastructure prefix
/// that numbers its nodes (none for mobile nodes, whose addresses are on their routers'
/// prefixes). A new kind (a mobile router, a 3GPP gateway) is one more instance, declared where
/// it is used, which tells the channel where its nodes stand (<c>Topology.Channel.Attach</c>);
/// nothing that holds the other kinds is edited for it.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(NodeKindJson))]
public sealed class NodeKind
{
    static readonly List<NodeKind> defined = new();

    NodeKind(string name, int id, ushort subnet, NodeKind? addressedAs) =>
        (Name, Id, Subnet, AddressedAs) = (name, id, subnet, addressedAs ?? this);

    public string Name { get; }

    /// <summary>Its place among the kinds defined, for tables kept per kind.</summary>
    public int Id { get; }

    /// <summary>The subnet of 2001:db8::/32 its nodes are numbered in (<see cref="NodeAddresses"/>); 0 where it has none.</summary>
    public ushort Subnet { get; }

    /// <summary>The kind whose addresses its nodes take: itself, or the kind it is a role of (a MAP is numbered as an anchor).</summary>
    public NodeKind AddressedAs { get; }

    /// <summary>Every kind defined so far, in the order they were.</summary>
    public static IReadOnlyList<NodeKind> All { get { lock (defined) return defined.ToArray(); } }

    /// <summary>
    /// A new kind. Its nodes take addresses in <paramref name="subnet"/>, or as
    /// <paramref name="addressedAs"/>'s do; two kinds never number their nodes in one subnet.
    /// </summary>
    public static NodeKind Define(string name, ushort subnet = 0, NodeKind? addressedAs = null)
    {
        lock (defined)
        {
            if (defined.Any(k => k.Name == name)) throw new InvalidOperationException($"node kind {name} is defined twice");
            if (subnet != 0 && defined.Any(k => k.Subnet == subnet))
                throw new InvalidOperationException($"node kind {name}: subnet {subnet} numbers {defined.First(k => k.Subnet == subnet).Name} already");
            var kind = new NodeKind(name, defined.Count, addressedAs is null ? subnet : (ushort)0, addressedAs);
            defined.Add(kind);
            return kind;
        }
    }

    /// <summary>The kind of that name: what a serializer writes, since the order kinds are defined in depends on which practice loads first.</summary>
    public static NodeKind Named(string name)
    {
        lock (defined) return defined.FirstOrDefault(k => k.Name == name) ?? throw new ArgumentException($"no node kind is named {name}", nameof(name));
    }

    /// <summary>The kind whose nodes are numbered in <paramref name="subnet"/>, if one is.</summary>
    public static NodeKind? NumberedIn(ushort subnet)
    {
        if (subnet == 0) return null;
        lock (defined) return defined.FirstOrDefault(k => k.Subnet == subnet);
    }

    public override string ToString() => Name;

    public static readonly NodeKind MobileNode = Define(nameof(MobileNode));

    /// <summary>An access router; in network-based practices it acts as the MAG.</summary>
    public static readonly NodeKind AccessRouter = Define(nameof(AccessRouter), 1);

    /// <summary>A mobility anchor: HA (MIPv6), LMA (PMIPv6), or a distributed anchor.</summary>
    public static readonly NodeKind Anchor = Define(nameof(Anchor), 2);

    public static readonly NodeKind Correspondent = Define(nameof(Correspondent), 3);

    /// <summary>The multicast tree mobility anchor (RFC 7028 §3.1): a router dedicated to multicast.</summary>
    public static readonly NodeKind MulticastTreeMobilityAnchor = Define(nameof(MulticastTreeMobilityAnchor), 4);
}

/// <summary>A node kind in JSON is its name: a kind refers to itself (AddressedAs), which a graph walk would follow for ever.</summary>
public sealed class NodeKindJson : System.Text.Json.Serialization.JsonConverter<NodeKind>
{
    public override NodeKind Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        NodeKind.Named(reader.GetString()!);

    public override void Write(System.Text.Json.Utf8JsonWriter writer, NodeKind value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Name);
}
