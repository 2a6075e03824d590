using DmmActors.Configuration;
using DmmActors.Protocol;

namespace DmmActors.Capture;

/// <summary>
/// Which messages a capture keeps (--pcap-filter): by message type and by mobile node, as
/// <c>type=pbu,pba node=mn3,mn17</c>. A term left out keeps everything; both given, a
/// message is kept when it matches both.
/// </summary>
public sealed class CaptureFilter
{
    /// <summary>The names a filter gives message types: one per message on the wire (a de-registration is a PBU too).</summary>
    public static readonly IReadOnlyDictionary<string, SignalType[]> TypeNames = new Dictionary<string, SignalType[]>
    {
        ["rs"] = [SignalType.RouterSolicitation],
        ["ra"] = [SignalType.RouterAdvertisement],
        ["pbu"] = [SignalType.ProxyBindingUpdate, SignalType.ProxyBindingUpdateDeregistration],
        ["pba"] = [SignalType.ProxyBindingAcknowledgement, SignalType.ProxyBindingAcknowledgementDeregistration],
        ["bu"] = [SignalType.BindingUpdate],
        ["ba"] = [SignalType.BindingAcknowledgement],
        ["hi"] = [SignalType.HandoverInitiate],
        ["hack"] = [SignalType.HandoverAcknowledge],
        ["ctd"] = [SignalType.ContextTransferData],
        ["ctdr"] = [SignalType.ContextTransferDataReply],
        ["anchor-relocated"] = [SignalType.AnchorRelocated],
        ["lri"] = [SignalType.LocalizedRoutingInitiation],
        ["lra"] = [SignalType.LocalizedRoutingAcknowledgement],
        ["route-update"] = [SignalType.PrefixRoute],
        ["anchor-load"] = [SignalType.AnchorAdvertisement],
        ["prefix-release"] = [SignalType.PrefixRelease],
        ["dad"] = [SignalType.NeighborSolicitation],
        ["prefixes-in-use"] = [SignalType.PrefixesInUse],
        ["mld"] = [SignalType.MldQuery, SignalType.MldReport, SignalType.MldProxyReport],
        ["gtp-c"] = [SignalType.CreateSessionRequest, SignalType.CreateSessionResponse, SignalType.ModifyBearerRequest,
            SignalType.ModifyBearerResponse, SignalType.DeleteSessionRequest, SignalType.DeleteSessionResponse],
        ["dns"] = [SignalType.GatewayQuery, SignalType.GatewayAnswer],
        ["s1ap"] = [SignalType.S1ap],
    };

    public const string DataName = "data";

    public static readonly CaptureFilter All = new(null, null, data: true);

    readonly HashSet<SignalType>? types;
    readonly HashSet<int>? nodes;
    readonly bool data;

    CaptureFilter(HashSet<SignalType>? types, HashSet<int>? nodes, bool data) => (this.types, this.nodes, this.data) = (types, nodes, data);

    /// <summary>The --pcap-filter it was parsed from (null: keep everything), so members of a cluster run parse the same.</summary>
    public string? Expression { get; private init; }

    public bool Keeps(ISignal signal) =>
        (types is null || types.Contains(signal.Type)) && (nodes is null || nodes.Contains(signal.Procedure.MobileNode.Index));

    public bool KeepsData(DataPacket packet) => data && (nodes is null || nodes.Contains(packet.Destination.Index));

    public static CaptureFilter Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression)) return All;
        HashSet<SignalType>? types = null;
        HashSet<int>? nodes = null;
        var data = true;
        foreach (var term in expression.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = term.IndexOf('=');
            var (key, values) = eq > 0 ? (term[..eq].ToLowerInvariant(), term[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries)) : (term, []);
            if (values.Length == 0) throw new InputError($"--pcap-filter term '{term}' is not key=value[,value...] (keys: type, node)");
            switch (key)
            {
                case "type":
                    types = new HashSet<SignalType>();
                    data = false;
                    foreach (var v in values)
                    {
                        var name = v.ToLowerInvariant();
                        if (name == DataName) data = true;
                        else if (TypeNames.TryGetValue(name, out var matched)) types.UnionWith(matched);
                        else throw new InputError($"--pcap-filter type '{v}' is unknown (types: {string.Join(", ", TypeNames.Keys.Append(DataName))})");
                    }
                    break;
                case "node":
                    nodes = values.Select(v => ParseNode(v)).ToHashSet();
                    break;
                default:
                    throw new InputError($"--pcap-filter key '{key}' is unknown (keys: type, node)");
            }
        }
        return new CaptureFilter(types, nodes, data) { Expression = expression };
    }

    static int ParseNode(string value)
    {
        var digits = value.StartsWith("mn", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        return int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new InputError($"--pcap-filter node '{value}' is not a mobile node (mnN or N)");
    }
}
