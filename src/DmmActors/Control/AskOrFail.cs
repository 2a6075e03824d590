using Akka.Actor;

namespace DmmActors.Control;

public static class AskOrFailExtensions
{
    /// <summary>
    /// Asks a journalled actor; if it does not answer (its recovery or a write failed and it
    /// stopped), the run fails with a line that says which one, instead of a timeout's stack trace.
    /// </summary>
    public static async Task<T> AskOrFail<T>(this IActorRef actor, object message, TimeSpan timeout, string what)
    {
        try { return await actor.Ask<T>(message, timeout); }
        catch (AskTimeoutException)
        {
            throw new RunFailed($"{what} did not answer within {timeout.TotalSeconds:0} s; its journal could not be read or written (see the log above)");
        }
    }
}
