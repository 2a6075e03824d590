namespace DmmActors.Functions;

/// <summary>
/// The mobility functions of draft-ietf-dmm-deployment-models §3 (RFC 7429 §3).
/// A node kind hosts a set of them; a practice is the placement.
/// </summary>
[Flags]
public enum MobilityFunction
{
    None = 0,
    /// <summary>AF: allocates a home prefix or address and advertises a route for it (§3.1).</summary>
    Anchoring = 1 << 0,
    /// <summary>LMs: keeps and serves the mapping from home address to current location (§3.2).</summary>
    LocationServer = 1 << 1,
    /// <summary>LMc: updates the location server with the node's current location (§3.2).</summary>
    LocationClient = 1 << 2,
    /// <summary>LM proxy between client and server, e.g. the MAP of HMIPv6 (§3.2).</summary>
    LocationProxy = 1 << 3,
    /// <summary>FM-CP: sets up and tears down the forwarding state (§3.3).</summary>
    ForwardingControl = 1 << 4,
    /// <summary>FM-DP: intercepts and tunnels packets (§3.3).</summary>
    ForwardingData = 1 << 5,
    Forwarding = ForwardingControl | ForwardingData,
}

public static class MobilityFunctionNames
{
    static readonly (MobilityFunction Function, string Label)[] Labels =
    [
        (MobilityFunction.Anchoring, "AF"),
        (MobilityFunction.LocationServer, "LMs"),
        (MobilityFunction.LocationClient, "LMc"),
        (MobilityFunction.LocationProxy, "LM-proxy"),
    ];

    public static string Describe(MobilityFunction functions)
    {
        if (functions == MobilityFunction.None) return "-";
        var parts = Labels.Where(l => functions.HasFlag(l.Function)).Select(l => l.Label).ToList();
        if (functions.HasFlag(MobilityFunction.Forwarding)) parts.Add("FM");
        else if (functions.HasFlag(MobilityFunction.ForwardingControl)) parts.Add("FM-CP");
        else if (functions.HasFlag(MobilityFunction.ForwardingData)) parts.Add("FM-DP");
        return string.Join(", ", parts);
    }
}
