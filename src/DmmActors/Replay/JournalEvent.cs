using DmmActors.Bindings;

namespace DmmActors.Replay;

/// <summary>One binding event as the journal holds it: whose, where in that anchor's stream, and what.</summary>
public readonly record struct JournalEvent(int Anchor, long SequenceNr, IBindingEvent Event)
{
    public string Kind => Event switch
    {
        BindingRegistered { Kind: RegistrationKind.Initial } => "registration",
        BindingRegistered { Kind: RegistrationKind.Handoff } => "handoff",
        BindingRegistered => "refresh",
        _ => "deregistration",
    };

    public override string ToString() => Event switch
    {
        BindingRegistered r => $"anchor {Anchor} #{SequenceNr}: {Kind} of {r.MnId} via ar-{r.CareOf}, seq {r.SequenceNumber}, " +
                               $"timestamp {r.Timestamp.Milliseconds:0.###} ms, at {r.At.Milliseconds:0.###} ms",
        BindingDeregistered d => $"anchor {Anchor} #{SequenceNr}: deregistration of {d.MnId} via ar-{d.CareOf}, seq {d.SequenceNumber}, " +
                                 $"timestamp {d.Timestamp.Milliseconds:0.###} ms, at {d.At.Milliseconds:0.###} ms",
        _ => $"anchor {Anchor} #{SequenceNr}: {Event}",
    };
}
