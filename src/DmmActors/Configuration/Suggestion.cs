namespace DmmActors.Configuration;

/// <summary>The known word a mistyped one most likely meant: a scenario key, a command, an option.</summary>
public static class Suggestion
{
    /// <summary>The closest of <paramref name="known"/> by edit distance, or null when none is close enough to be meant.</summary>
    public static string? Closest(string word, IEnumerable<string> known)
    {
        var candidates = known.Select(k => (Key: k, Distance: Levenshtein(word, k))).ToArray();
        if (candidates.Length == 0) return null;
        var best = candidates.MinBy(k => k.Distance);
        return best.Distance <= Math.Max(3, word.Length / 4) ? best.Key : null;
    }

    static int Levenshtein(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
