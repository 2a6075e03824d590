using System.Data.Common;
using DmmActors.Configuration;

namespace DmmActors.Persistence;

/// <summary>Checks, before anything is written, that an existing journal table is one this dmm can write and read.</summary>
static class JournalSchema
{
    /// <summary>
    /// sqlite.conf and postgres.conf keep tags in the journal row; a journal table made with a
    /// separate tag table (an earlier dmm, or another program) has no such column, and every
    /// write to it would fail mid-run.
    /// </summary>
    public static void RequireTagsColumn(DbConnection connection, string listColumnsSql, string journal, string instead)
    {
        using var command = connection.CreateCommand();
        command.CommandText = listColumnsSql;
        var columns = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) columns.Add(reader.GetString(0));
        if (columns.Count > 0 && !columns.Contains("tags"))
            throw new InputError($"journal {journal}: its journal table has no tags column, so it was written by an earlier " +
                                 $"dmm or another program; it is left as it is: {instead}");
    }
}
