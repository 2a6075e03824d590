using DmmActors.Configuration;
namespace DmmActors.Protocol.Wire;

/// <summary>Bytes that are not a message this emulator encodes: what is wrong, and where, in one line.</summary>
public sealed class WireFormatException(string message) : Exception(OneLine.Of(message));
