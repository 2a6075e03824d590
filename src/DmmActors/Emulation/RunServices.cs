namespace DmmActors.Emulation;

/// <summary>
/// The services a run's plug-in provides, each found by the role it plays, as ns-3 aggregates
/// objects onto a node (Object::AggregateObject, GetObject&lt;T&gt;). The core asks for a role (what
/// each node kind hosts, what a run's bindings should end as) and never learns which practice
/// plays it. Filled once at bootstrap, read-only after.
/// </summary>
public sealed class RunServices
{
    readonly Dictionary<Type, object> byRole = new();

    /// <summary>Adds <paramref name="service"/> in the role <typeparamref name="TRole"/>; a role has one service.</summary>
    public RunServices Aggregate<TRole>(TRole service) where TRole : class
    {
        if (!byRole.TryAdd(typeof(TRole), service))
            throw new InvalidOperationException($"the run already has a {typeof(TRole).Name}");
        return this;
    }

    public TRole Get<TRole>() where TRole : class => byRole.TryGetValue(typeof(TRole), out var service)
        ? (TRole)service
        : throw new InvalidOperationException($"the run has no {typeof(TRole).Name}: its bootstrap aggregated none");
}
