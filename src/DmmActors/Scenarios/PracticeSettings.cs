namespace DmmActors.Scenarios;

/// <summary>The settings a practice reads from its own scenario keys (its ReadSettings, in the practice's folder).</summary>
public abstract record PracticeSettings;
