namespace DmmActors.Control;

/// <summary>The emulation itself failed (not the user's input): reported on one line, exit code 1.</summary>
public sealed class RunFailed(string message) : Exception(message);
