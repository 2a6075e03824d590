namespace DmmActors.Scenarios;

/// <summary>
/// Checks that braces and brackets balance before Akka's HOCON parser sees the text: that
/// parser skips a stray closing brace, and an unclosed array can make it run away, so a
/// typo would otherwise become a silently different scenario or a hung program.
/// </summary>
public static class HoconStructure
{
    public static string? Problem(string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        int line = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n') { line++; continue; }
            if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (c == '"')
            {
                var triple = i + 2 < text.Length && text[i + 1] == '"' && text[i + 2] == '"';
                var end = triple ? text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal) : QuotedEnd(text, i);
                if (end < 0) return $"unterminated string starting on line {line}";
                line += text.AsSpan(i, end - i).Count('\n');
                i = triple ? end + 2 : end;
                continue;
            }
            if (c is '{' or '[') { open.Push((c, line)); continue; }
            if (c is '}' or ']')
            {
                var expected = c == '}' ? '{' : '[';
                if (open.Count == 0) return $"unexpected '{c}' on line {line}";
                var (bracket, openedOn) = open.Pop();
                if (bracket != expected) return $"'{c}' on line {line} closes the '{bracket}' opened on line {openedOn}";
            }
        }
        return open.Count == 0 ? null : $"'{open.Peek().Bracket}' opened on line {open.Peek().Line} is never closed";
    }

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
