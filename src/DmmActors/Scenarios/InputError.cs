namespace DmmActors.Scenarios;

/// <summary>
/// A user mistake: a bad scenario, argument or journal path. The program reports its
/// message as one line and exits with code 2, without a stack trace. What the user wrote is
/// quoted in the message, so a line break or a control character in it is written escaped.
/// </summary>
public sealed class InputError(string message) : Exception(OneLine(message))
{
    static string OneLine(string message)
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
