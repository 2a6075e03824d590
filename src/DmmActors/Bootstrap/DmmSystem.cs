using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql;
using DmmActors.Configuration;
using DmmActors.Persistence;

namespace DmmActors.Bootstrap;

/// <summary>Builds the actor system from cluster-config's layered HOCON files.</summary>
public static class DmmSystem
{
    public static Config BaseConfig() =>
        ConfigurationFactory.ParseString(EmbeddedConfig.Text("serialization.conf"))
            .WithFallback(ConfigurationFactory.ParseString(EmbeddedConfig.Text("akka.conf")));

    public static Config WithJournalConfig(JournalTarget journal, Config? overrides = null) =>
        (overrides ?? Config.Empty)
            .WithFallback(BaseConfig())
            .WithFallback(journal.Config)
            .WithFallback(SqlPersistence.DefaultConfiguration);

    public static ActorSystem WithJournal(string name, JournalTarget journal, Config? overrides = null) =>
        ActorSystem.Create(name, WithJournalConfig(journal, overrides));
}
