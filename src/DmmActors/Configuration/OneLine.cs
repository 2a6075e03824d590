namespace DmmActors.Configuration;

/// <summary>
/// A message that quotes what came from outside (a key, a value, an identifier off the wire)
/// stays one line: a line break or a control character in the quoted text is written escaped.
/// </summary>
public static class OneLine
{
    public static string Of(string message)
    {
        if (!message.Any(char.IsControl)) return message;
        var line = new System.Text.StringBuilder(message.Length + 8);
        foreach (var c in message)
            line.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return line.ToString();
    }
}
