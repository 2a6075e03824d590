using DmmActors.Bindings;

namespace DmmActors.Replay;

/// <summary>One binding event as the journal holds it: whose, where in that anchor's stream, and what.</summary>
public readonly record struct JournalEvent(int Anchor, long SequenceNr, IBindingEvent Event)
{
    public string Kind => BindingEventKind.Of(Event);

    /// <summary>The prefix the event is about; a v1 de-registration names none, and meant the anchor's own.</summary>
    public Addressing.Prefix64 Prefix => Event switch
    {
        BindingRegistered r => r.Prefix,
        BindingContextReceived c => c.Prefix,
        BindingContextTransferred t => t.Prefix,
        BindingDeregistered { Prefix.IsNone: false } d => d.Prefix,
        _ => Addressing.Prefix64.Delegated(Anchor, Event.MnId.Index),
    };

    public override string ToString() => Event switch
    {
        BindingRegistered r => $"anchor {Anchor} #{SequenceNr}: {Kind} of {r.MnId} via ar-{r.CareOf}, seq {r.SequenceNumber}, " +
                               $"timestamp {r.Timestamp.Milliseconds:0.###} ms, at {r.At.Milliseconds:0.###} ms",
        BindingDeregistered d => $"anchor {Anchor} #{SequenceNr}: deregistration of {d.MnId} via ar-{d.CareOf}, seq {d.SequenceNumber}, " +
                                 $"timestamp {d.Timestamp.Milliseconds:0.###} ms, at {d.At.Milliseconds:0.###} ms",
        BindingContextReceived c => $"anchor {Anchor} #{SequenceNr}: context of {c.MnId} for {c.Prefix} from anchor {c.FromAnchor}, " +
                                    $"care-of ar-{c.CareOf}, at {c.At.Milliseconds:0.###} ms",
        BindingContextTransferred t => $"anchor {Anchor} #{SequenceNr}: context of {t.MnId} for {t.Prefix} handed to anchor {t.ToAnchor}, " +
                                       $"at {t.At.Milliseconds:0.###} ms",
        _ => $"anchor {Anchor} #{SequenceNr}: {Event}",
    };
}
