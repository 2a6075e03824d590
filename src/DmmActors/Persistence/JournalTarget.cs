using Akka.Configuration;
using DmmActors.Configuration;
using Npgsql;

namespace DmmActors.Persistence;

public enum JournalKind { Sqlite, PostgreSql, InMemory }

/// <summary>
/// Where the journal lives: a SQLite file (the embedded default, one process) or a
/// PostgreSQL database (clusters). <c>--journal</c> takes either a file path or a PostgreSQL
/// connection string ("Host=...;Username=..." or a postgres:// URI). Either way the journal has
/// partitions (<see cref="JournalPartitions"/>): for SQLite each partition is a file of its own,
/// written by its own group-commit writer; for PostgreSQL each is a writer with its own
/// connections into the same table. <see cref="Partitions"/> is what a new run gets; a run
/// already in the journal keeps the count its ledger entry records.
/// </summary>
public sealed record JournalTarget(string Display, JournalKind Kind, string Location)
{
    /// <summary>Partitions a new run writes to (dmm.persistence.partitions, or --partitions).</summary>
    public int Partitions { get; init; } = JournalPartitions.Default;

    public bool IsPostgreSql => Kind == JournalKind.PostgreSql;

    public static bool LooksLikePostgreSql(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || value.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens the journal named by the user; for a file, <paramref name="mustExist"/> says whether it may be created.</summary>
    public static JournalTarget Open(string value, bool mustExist) =>
        LooksLikePostgreSql(value) ? PostgreSql(value) : Sqlite(SqliteJournal.Open(value, mustExist));

    public static JournalTarget Sqlite(string fullPath) => new(fullPath, JournalKind.Sqlite, fullPath);

    /// <summary>Akka's in-memory journal, one per partition: for diagnostics that show what the actors do with no database under them.</summary>
    public static JournalTarget InMemory() => new("in-memory (diagnostic)", JournalKind.InMemory, "");

    /// <summary>
    /// A connection string or URI read into Npgsql's form, and the name it is shown by; nothing
    /// is contacted. Anything that is not one is refused in one line.
    /// </summary>
    public static (NpgsqlConnectionStringBuilder Builder, string Display) ParsePostgreSql(string value)
    {
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(ToKeywordForm(value)); }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or InvalidOperationException or OverflowException or KeyNotFoundException)
        { throw new InputError($"journal: not a PostgreSQL connection string ({OneLine(e.Message)})"); }
        return (builder, $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}");
    }

    static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');

    public static JournalTarget PostgreSql(string value)
    {
        var (builder, display) = ParsePostgreSql(value);
        try
        {
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            JournalSchema.RequireTagsColumn(connection,
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'journal'",
                display, "give another database");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            throw new InputError($"journal {display}: cannot connect ({OneLine(e.Message)})");
        }
        return new JournalTarget(display, JournalKind.PostgreSql, builder.ConnectionString);
    }

    /// <summary>
    /// The persistence settings: cluster-config/sql-journal.conf, then sqlite.conf or postgres.conf, with the connection
    /// filled in, and a journal plugin id for every partition a run may have (plugins start only
    /// when an anchor of their partition first writes or recovers). Partition 0 is the default
    /// plugin: the run ledger's, and every anchor's in a journal of one partition.
    /// </summary>
    public Config Config
    {
        get
        {
            var text = new System.Text.StringBuilder();
            switch (Kind)
            {
                case JournalKind.Sqlite:
                    text.AppendLine(EmbeddedConfig.Text("sql-journal.conf"));
                    text.AppendLine(EmbeddedConfig.Text("sqlite.conf"));
                    SetConnection(text, SqliteJournal.ConnectionString(Location), "journal.sql", "snapshot-store.sql", "query.journal.sql");
                    var sqlite = Render(text, "akka.persistence.journal.dmm-sqlite");
                    for (int p = 0; p < JournalPartitions.Max; p++)
                        Copy(text, sqlite, p, "connection-string", SqliteJournal.ConnectionString(SqliteJournal.PartitionPath(Location, p)));
                    break;
                case JournalKind.PostgreSql:
                    text.AppendLine(SqlPluginDefaults());
                    text.AppendLine(EmbeddedConfig.Text("sql-journal.conf"));
                    text.AppendLine(EmbeddedConfig.Text("postgres.conf"));
                    SetConnection(text, Location, "journal.sql", "snapshot-store.sql", "query.journal.sql");
                    var sql = Render(text, "akka.persistence.journal.sql");
                    for (int p = 0; p < JournalPartitions.Max; p++)
                        Copy(text, sql, p, "plugin-id", JournalPartitions.PluginId(p));
                    break;
                default:
                    text.AppendLine("akka.persistence.snapshot-store.plugin = \"akka.persistence.snapshot-store.inmem\"");
                    for (int p = 0; p < JournalPartitions.Max; p++)
                        text.AppendLine($"{JournalPartitions.PluginId(p)} {{ class = \"Akka.Persistence.Journal.MemoryJournal, Akka.Persistence\", plugin-dispatcher = \"akka.actor.default-dispatcher\" }}");
                    break;
            }
            text.AppendLine($"akka.persistence.journal.plugin = {HoconDocument.Quote(JournalPartitions.PluginId(0))}");
            return ConfigurationFactory.ParseString(text.ToString());
        }
    }

    /// <summary>
    /// A plugin block of the settings so far, rendered back to HOCON: each partition's plugin is
    /// a copy of it (Akka's HOCON parser does not merge keys into an object taken by
    /// substitution, so the copy is made here).
    /// </summary>
    static string Render(System.Text.StringBuilder text, string template)
    {
        var rendered = new System.Text.StringBuilder();
        Render(ConfigurationFactory.ParseString(text.ToString()).GetConfig(template).Root, rendered);
        return rendered.ToString();
    }

    /// <summary>Every leaf quoted: Akka's own rendering leaves values such as connection strings bare, which it cannot parse back.</summary>
    static void Render(Akka.Configuration.Hocon.HoconValue value, System.Text.StringBuilder into)
    {
        if (value.IsObject())
        {
            foreach (var (key, child) in value.GetObject().Items)
            {
                into.Append(HoconDocument.Quote(key)).Append(child.IsObject() ? " {\n" : " = ");
                Render(child, into);
                into.Append(child.IsObject() ? "}\n" : "\n");
            }
        }
        else if (value.IsArray()) into.Append('[').Append(string.Join(", ", value.GetArray().Select(v => HoconDocument.Quote(v.GetString())))).Append(']');
        else into.Append(value.GetString() is { } s ? HoconDocument.Quote(s) : "null");
    }

    /// <summary>Partition <paramref name="partition"/>'s plugin: the template block under its plugin id, with one key of its own.</summary>
    static void Copy(System.Text.StringBuilder text, string block, int partition, string key, string value)
    {
        text.AppendLine($"{JournalPartitions.PluginId(partition)} {{\n{block}}}");
        text.AppendLine($"{JournalPartitions.PluginId(partition)}.{key} = {HoconDocument.Quote(value)}");
    }

    static void SetConnection(System.Text.StringBuilder text, string connectionString, params string[] sections)
    {
        foreach (var s in sections) text.AppendLine($"akka.persistence.{s}.connection-string = {HoconDocument.Quote(connectionString)}");
    }


    /// <summary>
    /// Akka.Persistence.Sql's own reference settings, as text: each partition's plugin is a copy of
    /// its `sql` journal block (HOCON substitution), which must be in the same document.
    /// </summary>
    static string SqlPluginDefaults()
    {
        using var stream = typeof(Akka.Persistence.Sql.SqlPersistence).Assembly.GetManifestResourceStream("Akka.Persistence.Sql.persistence.conf")
                           ?? throw new InvalidOperationException("Akka.Persistence.Sql's persistence.conf is missing from its assembly");
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>postgres://user:password@host:port/database?key=value to Npgsql's keyword form.</summary>
    static string ToKeywordForm(string value)
    {
        if (!value.Contains("://")) return value;
        var uri = new Uri(value);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432 };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0) builder.Database = Uri.UnescapeDataString(database);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return builder.ConnectionString;
    }
}
