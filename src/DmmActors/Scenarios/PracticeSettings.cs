namespace DmmActors.Scenarios;

/// <summary>The settings a practice reads from its own scenario keys (Practices.Practice.ReadSettings).</summary>
public abstract record PracticeSettings;
