using Akka.Configuration;
using DmmActors.Scenarios;
using Npgsql;

namespace DmmActors.Persistence;

/// <summary>
/// Where the journal lives: a SQLite file (the embedded default, one process) or a
/// PostgreSQL database (clusters). <c>--journal</c> takes either a file path or a PostgreSQL
/// connection string ("Host=...;Username=..." or a postgres:// URI).
/// </summary>
public sealed record JournalTarget(string Display, Config Config, bool IsPostgreSql)
{
    public static bool LooksLikePostgreSql(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || value.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens the journal named by the user; for a file, <paramref name="mustExist"/> says whether it may be created.</summary>
    public static JournalTarget Open(string value, bool mustExist) =>
        LooksLikePostgreSql(value) ? PostgreSql(value) : Sqlite(SqliteJournal.Open(value, mustExist));

    public static JournalTarget Sqlite(string fullPath) => new(fullPath, SqliteJournal.Config(fullPath), false);

    public static JournalTarget PostgreSql(string value)
    {
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(ToKeywordForm(value)); }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        { throw new InputError($"journal: not a PostgreSQL connection string ({e.Message})"); }
        var display = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
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
            throw new InputError($"journal {display}: cannot connect ({e.Message.TrimEnd('.')})");
        }
        var cs = builder.ConnectionString.Replace("\\", "\\\\").Replace("\"", "\\\"");
        var config = ConfigurationFactory.ParseString($"""
            akka.persistence.journal.sql.connection-string = "{cs}"
            akka.persistence.snapshot-store.sql.connection-string = "{cs}"
            akka.persistence.query.journal.sql.connection-string = "{cs}"
            """).WithFallback(ConfigurationFactory.ParseString(EmbeddedConfig.Text("postgres.conf")));
        return new JournalTarget(display, config, true);
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
