using DmmActors.Persistence;
using DmmActors.Protocol;

namespace DmmActors.Tests.Wire;

/// <summary>
/// Field-by-field equality of two messages, lists included (a record's own equality compares
/// lists by reference): their bytes through dmm's serializer, which writes every field. The
/// arrival the channel stamps is not a field of the message; both are stamped alike first.
/// </summary>
public static class WireEquality
{
    static readonly DmmSerializer Serializer = new(null!);

    public static byte[] Fields(IDmmMessage message)
    {
        if (message is Signal signal) signal.Stamp(Addressing.ModelTime.Zero);
        return Serializer.ToBinary(message);
    }

    public static bool Same(IDmmMessage a, IDmmMessage b) =>
        a.GetType() == b.GetType() && Fields(a).AsSpan().SequenceEqual(Fields(b));

    public static string Describe(IDmmMessage message) => Convert.ToHexString(Fields(message));
}
