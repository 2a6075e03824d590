namespace DmmActors.Configuration;

/// <summary>A place in a HOCON text, 1-based, as an editor shows it.</summary>
public readonly record struct TextPosition(int Line, int Column)
{
    public static TextPosition Of(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var before = text.AsSpan(0, offset);
        var lastBreak = before.LastIndexOf('\n');
        return new TextPosition(before.Count('\n') + 1, offset - lastBreak);
    }

    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>A syntax problem at a place in the text.</summary>
public sealed record HoconProblem(TextPosition At, string Message);

/// <summary>
/// Checks a HOCON text before Akka's parser sees it: that parser skips a stray closing brace,
/// an unclosed array can make it run away, and it recurses once per level of nesting, so a
/// typo would otherwise become a silently different scenario or a hung program, and a
/// deeply nested text a stack overflow that no handler can catch.
/// </summary>
public static class HoconStructure
{
    /// <summary>Objects, arrays and dotted key segments open at once; a scenario needs fewer than ten.</summary>
    public const int MaxDepth = 128;

    public static HoconProblem? Problem(string text)
    {
        var open = new Stack<(char Bracket, int Offset, int Depth)>();
        int depth = 0, keyDots = 0;
        char lastSignificant = '\n';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (c == '"')
            {
                var triple = i + 2 < text.Length && text[i + 1] == '"' && text[i + 2] == '"';
                // Akka's tokenizer reads """ as a triple-quoted string only where a value starts;
                // elsewhere it reads "" and then loses its place.
                if (triple && lastSignificant is not ('=' or ':' or '[' or ','))
                    return At(text, i, "a triple-quoted string may only be a value (after '=', ':', '[' or ',')");
                var end = triple ? text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal) : QuotedEnd(text, i);
                if (end < 0) return At(text, i, "unterminated string");
                i = triple ? end + 2 : end;
                lastSignificant = '"';
                continue;
            }
            if (!char.IsWhiteSpace(c)) lastSignificant = c;
            if (c == '.') keyDots++;
            else if (c is '\n' or ',' or '=' or ':' or '}' or ']') keyDots = 0;
            if (depth + keyDots > MaxDepth)
                return At(text, i, $"nested more than {MaxDepth} levels deep (objects, arrays and dotted key segments)");
            // Akka's parser runs away inside an array, allocating until the process dies, on a
            // key, on a character it has no token for, and on an optional substitution.
            var inArray = open.Count > 0 && open.Peek().Bracket == '[';
            if (inArray && c is '=' or ':')
                return At(text, i, $"'{c}' inside the array opened at {TextPosition.Of(text, open.Peek().Offset)}: an array holds values, not keys");
            if (inArray && c == '$' && Next(text, i) == '{' && Next(text, i + 1) == '?')
                return At(text, i, "an optional substitution ${?...} inside an array is not supported; give the value or a plain ${...}");
            if (Unquotable(text, i))
                return At(text, i, $"'{c}' is not allowed outside a quoted string (HOCON's unquoted strings exclude it)");
            if (c is '{' or '[')
            {
                open.Push((c, i, depth));
                depth += 1 + keyDots;
                keyDots = 0;
                continue;
            }
            if (c is '}' or ']')
            {
                var expected = c == '}' ? '{' : '[';
                if (open.Count == 0) return At(text, i, $"unexpected '{c}'");
                var (bracket, opened, outer) = open.Pop();
                if (bracket != expected)
                    return At(text, i, $"'{c}' closes the '{bracket}' opened at {TextPosition.Of(text, opened)}");
                depth = outer;
            }
        }
        return open.Count == 0 ? null : At(text, open.Peek().Offset, $"'{open.Peek().Bracket}' is never closed");
    }

    /// <summary>
    /// A character HOCON forbids in unquoted text that is not part of its syntax here: '$' only
    /// opens "${", '?' only follows "${", and '`', '^', '!', '@', '*', '&amp;' and '\' never appear.
    /// </summary>
    static bool Unquotable(string text, int i) => text[i] switch
    {
        '`' or '^' or '!' or '@' or '*' or '&' or '\\' => true,
        '$' => Next(text, i) != '{',
        '?' => i < 2 || text[i - 1] != '{' || text[i - 2] != '$',
        _ => false,
    };

    static char Next(string text, int i) => i + 1 < text.Length ? text[i + 1] : '\0';

    static HoconProblem At(string text, int offset, string message) => new(TextPosition.Of(text, offset), message);

    static int QuotedEnd(string text, int start)
    {
        for (int i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '"') return i;
            if (text[i] == '\n') return -1;
        }
        return -1;
    }
}
