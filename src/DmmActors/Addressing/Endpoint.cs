namespace DmmActors.Addressing;

/// <summary>
/// Where a node stands in the emulated network, for the channel to find the path between two
/// nodes: its kind and index, and for a mobile node the access router it is attached to.
/// </summary>
public readonly record struct Endpoint(NodeKind Kind, int Index, int Router = -1)
{
    public static Endpoint MobileNode(MnIdentifier mn, int router) => new(NodeKind.MobileNode, mn.Index, router);
    public static Endpoint AccessRouter(int index) => new(NodeKind.AccessRouter, index);
    public static Endpoint Anchor(int index) => new(NodeKind.Anchor, index);
    public static Endpoint Correspondent(int index) => new(NodeKind.Correspondent, index);
    public static readonly Endpoint Mtma = new(NodeKind.MulticastTreeMobilityAnchor, 0);

    public override string ToString() => Kind == NodeKind.MobileNode ? $"mn-{Index}@ar-{Router}" : $"{Kind}-{Index}";
}
