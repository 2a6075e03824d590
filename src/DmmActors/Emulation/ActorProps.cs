using Akka.Actor;

namespace DmmActors.Emulation;

/// <summary>
/// Props for an emulated node's actor made by a plain constructor call. Props.Create's
/// expression is evaluated by reflection for every actor it makes, and leaves compiled
/// delegates to the finalizer: at a million nodes that was most of what spawning allocated.
/// </summary>
public static class ActorProps
{
    public static Props Of<T>(Func<T> make) where T : ActorBase => Props.CreateBy(new Producer<T>(make));

    sealed class Producer<T>(Func<T> make) : IIndirectActorProducer where T : ActorBase
    {
        public Type ActorType => typeof(T);

        public ActorBase Produce() => make();

        public void Release(ActorBase actor) { }
    }
}
