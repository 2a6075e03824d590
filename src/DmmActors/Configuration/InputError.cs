namespace DmmActors.Configuration;

/// <summary>
/// A user mistake: a bad scenario, argument or journal path. The program reports its
/// message as one line and exits with code 2, without a stack trace.
/// </summary>
public sealed class InputError(string message) : Exception(OneLine.Of(message));
