using Akka.Configuration;
using DmmActors.Configuration;

namespace DmmActors.Cluster;

/// <summary>Where a cluster node listens, whom it joins, and which roles it takes.</summary>
public sealed record ClusterNodeSettings(string Host, int Port, IReadOnlyList<(string Host, int Port)> Seeds, IReadOnlyList<string> Roles)
{
    /// <summary>The actor system name every node of a dmm cluster shares.</summary>
    public const string SystemName = "dmm";

    /// <summary>
    /// The port of a process that only looks at the cluster (`dmm cluster`): it takes any free one,
    /// not DMM_PORT, which names the port of the member started beside it.
    /// </summary>
    public const string AnyFreePort = "0";

    /// <summary>For a driver: start the run even where a member's share of it is more than its memory (Loading.MemoryEstimate).</summary>
    public bool AllowOversubscribe { get; init; }

    /// <summary>
    /// Every member's remoting goes through Akka.Remote's throttler adapter, so that a member can
    /// be cut off from the others for real (NetworkFault). It changes the address scheme to
    /// akka.trttl.tcp, so every member and the driver of a cluster must agree on it.
    /// </summary>
    public bool FaultInjection { get; init; }

    public static readonly IReadOnlyList<string> KnownRoles = [EntitySharding.AnchorRole, EntitySharding.AccessRole, EntitySharding.MobileNodeRole, EntitySharding.DriverRole];

    /// <summary>
    /// Overrides dmm.cluster.signalling-timeout (RunHost) on this node; null keeps cluster.conf's.
    /// A run compared message for message with one process needs it longer than the slowest
    /// answer on a loaded machine, or a late PBA turns into a retransmission.
    /// </summary>
    public TimeSpan? SignallingTimeout { get; init; }

    /// <summary>Options win over environment variables, which win over cluster-config/cluster.conf.</summary>
    public static ClusterNodeSettings From(string? host, string? port, IReadOnlyList<string> seeds, string? roles)
    {
        host ??= Environment.GetEnvironmentVariable("DMM_HOST") ?? DefaultHost;
        port ??= Environment.GetEnvironmentVariable("DMM_PORT") ?? Defaults.GetString(PortKey);
        if (seeds.Count == 0)
            seeds = (Environment.GetEnvironmentVariable("DMM_SEEDS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        roles ??= Environment.GetEnvironmentVariable("DMM_ROLES") ?? "";

        var roleList = roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = roleList.FirstOrDefault(r => !KnownRoles.Contains(r));
        if (unknown is not null) throw new InputError($"--roles: unknown role '{unknown}' (roles: {string.Join(", ", KnownRoles)})");
        if (seeds.Count == 0) throw new InputError("--seed HOST:PORT is needed (or DMM_SEEDS): the node joins the cluster through it");
        return new ClusterNodeSettings(host, ParsePort("--port", port, allowZero: true), seeds.Select(ParseEndpoint).ToArray(), roleList)
        {
            FaultInjection = ParseSwitch("DMM_FAULT_INJECTION", Environment.GetEnvironmentVariable("DMM_FAULT_INJECTION")) ?? Defaults.GetBoolean(FaultInjectionKey),
        };
    }

    static bool? ParseSwitch(string name, string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "on" or "true" or "1" => true,
        "off" or "false" or "0" => false,
        _ => throw new InputError($"{name}: '{value}' is neither on nor off"),
    };

    /// <summary>`--signalling-timeout` (or DMM_SIGNALLING_TIMEOUT): a duration such as 500ms or 5s, at most an hour.</summary>
    public ClusterNodeSettings WithSignallingTimeout(string? value)
    {
        value ??= Environment.GetEnvironmentVariable("DMM_SIGNALLING_TIMEOUT");
        if (value is null) return this;
        return this with { SignallingTimeout = WallClockDuration.Parse(value, "--signalling-timeout") };
    }

    static (string, int) ParseEndpoint(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0) throw new InputError($"--seed '{value}' is not HOST:PORT");
        return (value[..colon], ParsePort("--seed", value[(colon + 1)..], allowZero: false));
    }

    static int ParsePort(string option, string value, bool allowZero) =>
        int.TryParse(value, out var port) && port >= (allowZero ? 0 : 1) && port <= 65535
            ? port
            : throw new InputError($"{option}: '{value}' is not a port (1..65535)");

    const string HostnameKey = "akka.remote.dot-netty.tcp.hostname";
    const string PortKey = "akka.remote.dot-netty.tcp.port";
    const string FaultInjectionKey = "dmm.cluster.fault-injection";

    /// <summary>The address scheme of every member: the throttler adapter's name goes before the transport's.</summary>
    string Scheme => FaultInjection ? "akka.trttl.tcp" : "akka.tcp";

    /// <summary>cluster-config/cluster.conf: where every default of a cluster node is written.</summary>
    static readonly Config Defaults = ConfigurationFactory.ParseString(EmbeddedConfig.Text("cluster.conf"));

    public static string DefaultHost => Defaults.GetString(HostnameKey);

    /// <summary>The signalling timeout a node has unless told otherwise, as cluster.conf writes it ("5s").</summary>
    public static string DefaultSignallingTimeoutText => Defaults.GetString(RunHost.SignallingTimeoutKey);

    public static TimeSpan DefaultSignallingTimeout => Defaults.GetTimeSpan(RunHost.SignallingTimeoutKey, allowInfinite: false);

    public Config ToConfig()
    {
        var seedList = string.Join(", ", Seeds.Select(s => HoconDocument.Quote($"{Scheme}://{SystemName}@{s.Host}:{s.Port}")));
        return ConfigurationFactory.ParseString($"""
            {HostnameKey} = {HoconDocument.Quote(Host)}
            {PortKey} = {Port}
            akka.cluster.seed-nodes = [{seedList}]
            akka.cluster.roles = [{string.Join(", ", Roles.Select(HoconDocument.Quote))}]
            {(FaultInjection ? "akka.remote.dot-netty.tcp.applied-adapters = [trttl]" : "")}
            {(SignallingTimeout is { } t ? $"{RunHost.SignallingTimeoutKey} = {(long)t.TotalMilliseconds}ms" : "")}
            """).WithFallback(Defaults);
    }
}
